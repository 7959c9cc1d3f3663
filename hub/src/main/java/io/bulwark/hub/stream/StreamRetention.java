package io.bulwark.hub.stream;

import java.time.Duration;
import java.util.Objects;

/**
 * How much of one stream the hub keeps: messages older than {@code maxAge} and the oldest messages beyond
 * {@code maxBytes} are deleted by the retention sweep, oldest first.
 *
 * @param maxBytes the stream's byte budget: bodies, properties and ids of the retained messages
 */
public record StreamRetention(Duration maxAge, long maxBytes) {

    public StreamRetention {
        Objects.requireNonNull(maxAge, "maxAge");
        if (maxAge.isNegative() || maxAge.isZero()) {
            throw new IllegalArgumentException("retention age must be positive");
        }
        if (maxBytes < 1024) {
            throw new IllegalArgumentException("retention budget must be at least 1 KiB");
        }
    }
}
