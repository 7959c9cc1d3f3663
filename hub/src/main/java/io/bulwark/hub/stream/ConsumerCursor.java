package io.bulwark.hub.stream;

import java.time.Instant;
import java.util.Objects;

/**
 * Where a consumer group stands in a stream.
 *
 * @param offset the next offset the group will read: a group that processed message 41 commits 42
 */
public record ConsumerCursor(StreamName stream, ConsumerGroup group, long offset, Instant committedAt) {

    public ConsumerCursor {
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(committedAt, "committedAt");
        if (offset < 1) {
            throw new IllegalArgumentException("offsets start at 1");
        }
    }
}
