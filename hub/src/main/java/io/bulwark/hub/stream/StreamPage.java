package io.bulwark.hub.stream;

import java.util.List;

/**
 * One answer to a {@link StreamQuery}, with the range of offsets the stream held when it was read.
 *
 * @param firstOffset the oldest offset still retained; {@code lastOffset + 1} when retention emptied the stream
 * @param lastOffset  the newest offset written (0 for a stream never written to)
 */
public record StreamPage(List<StoredMessage> messages, long firstOffset, long lastOffset) {

    public StreamPage {
        messages = List.copyOf(messages);
    }

    /**
     * The offset to ask for next. After a short page every message up to {@code lastOffset} has been seen (a device
     * filter may have skipped the others), so the reader moves past them; retention may also have moved the start.
     */
    public long nextOffset(StreamQuery query) {
        long lastSeen = messages.isEmpty() ? -1 : messages.get(messages.size() - 1).offset();
        return nextOffset(query, lastSeen, messages.size(), firstOffset, lastOffset);
    }

    /** The rule of {@link #nextOffset(StreamQuery)}, shared with {@link MetadataPage}. */
    static long nextOffset(StreamQuery query, long lastSeen, int size, long firstOffset, long lastOffset) {
        long afterPage = size == 0 ? query.fromOffset() : lastSeen + 1;
        if (size >= query.limit()) {
            return afterPage;
        }
        return Math.max(afterPage, Math.max(query.fromOffset(), Math.max(firstOffset, lastOffset + 1)));
    }

    /** True when the reader asked for offsets retention has already deleted. */
    public boolean skippedDeleted(StreamQuery query) {
        return query.fromOffset() < firstOffset;
    }
}
