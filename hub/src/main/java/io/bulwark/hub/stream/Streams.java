package io.bulwark.hub.stream;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The streams port. An append completes only once the message is durable (S-DATA-1, "Acknowledged means durable");
 * implementations may batch many appends into one sync.
 *
 * <p>Order: offsets are a single total order per stream, so one device's messages are in the order the hub took
 * them; a scale-out implementation that partitions a stream must keep at least that per-device order.
 */
public interface Streams extends AutoCloseable {

    /**
     * Completes with the message's offset once it is on disk, or exceptionally if it could not be stored. A writer
     * that cannot take more yet fails the future before returning it, with {@link StreamOverloadedException}, so that
     * a caller can hold the message, and the ones after it, without a round trip.
     */
    CompletableFuture<Long> append(StreamName stream, StreamMessage message);

    /**
     * After an append was refused with {@link StreamOverloadedException}: runs {@code wake} once, soon after the
     * writer has room again, on a thread of the implementation's (so {@code wake} only hands work on). Callers woken
     * together offer again in the order they asked, which keeps a flood fair to every device. This default never
     * wakes: a caller retries on its own timer as well.
     */
    default void whenAccepting(Runnable wake) {
    }

    /** Up to {@code limit} messages with offsets from {@code fromOffset} on, in offset order. */
    List<StoredMessage> read(StreamName stream, long fromOffset, int limit);

    /**
     * Up to {@code query.limit()} messages from {@code query.fromOffset()} on (of one device when the query names
     * one), in offset order, with the range of offsets the stream holds. Asking for an offset that retention already
     * deleted starts at the first retained one.
     */
    StreamPage read(StreamQuery query);

    /**
     * Like {@link #read(StreamQuery)} but without bodies or properties: offset, device, time and body size only, for
     * readers that never look at content. This default reads whole messages; an implementation that can skip the
     * bodies should.
     */
    default MetadataPage readMetadata(StreamQuery query) {
        StreamPage page = read(query);
        return new MetadataPage(page.messages().stream().map(MessageMetadata::of).toList(), page.firstOffset(),
                page.lastOffset());
    }

    /**
     * Completes once the stream holds a message at {@code offset} or later, never on the thread that writes the
     * stream. Cancel or time out the future to stop waiting.
     */
    CompletableFuture<Void> awaitOffset(StreamName stream, long offset);

    /**
     * Deletes the oldest messages of {@code stream} that are older than the retention's age (by enqueued time) or
     * beyond its byte budget. Only a prefix is ever deleted, so a stream always holds one run of offsets, and
     * offsets are never reused.
     */
    RetentionResult applyRetention(StreamName stream, StreamRetention retention, Instant now);

    /** The consumer groups' committed offsets, kept with the streams as a stream backbone keeps them. */
    ConsumerCursors cursors();

    @Override
    void close();
}
