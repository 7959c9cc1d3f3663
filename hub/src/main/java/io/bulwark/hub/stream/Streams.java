package io.bulwark.hub.stream;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The streams port. An append completes only once the message is durable (S-DATA-1, "Acknowledged means durable");
 * implementations may batch many appends into one sync.
 */
public interface Streams extends AutoCloseable {

    /** Completes with the message's offset once it is on disk, or exceptionally if it could not be stored. */
    CompletableFuture<Long> append(StreamName stream, StreamMessage message);

    /** Up to {@code limit} messages with offsets from {@code fromOffset} on, in offset order. */
    List<StoredMessage> read(StreamName stream, long fromOffset, int limit);

    @Override
    void close();
}
