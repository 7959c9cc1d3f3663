package io.bulwark.hub.stream;

import java.util.List;

/**
 * One answer to a {@link StreamQuery} read without bodies, with the range of offsets the stream held when it was
 * read (as in {@link StreamPage}).
 */
public record MetadataPage(List<MessageMetadata> messages, long firstOffset, long lastOffset) {

    public MetadataPage {
        messages = List.copyOf(messages);
    }

    /** The offset to ask for next, by the rule of {@link StreamPage#nextOffset}. */
    public long nextOffset(StreamQuery query) {
        long lastSeen = messages.isEmpty() ? -1 : messages.get(messages.size() - 1).offset();
        return StreamPage.nextOffset(query, lastSeen, messages.size(), firstOffset, lastOffset);
    }
}
