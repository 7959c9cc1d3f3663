package io.bulwark.hub.stream;

import java.util.Objects;

/**
 * What a reader asks of a stream: messages from an offset on, optionally of one device only.
 *
 * @param deviceId null for every device's messages; otherwise only that device's, still in offset order
 */
public record StreamQuery(StreamName stream, String deviceId, long fromOffset, int limit) {

    public StreamQuery {
        Objects.requireNonNull(stream, "stream");
        if (fromOffset < 1) {
            throw new IllegalArgumentException("offsets start at 1");
        }
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive");
        }
        if (deviceId != null && deviceId.isEmpty()) {
            deviceId = null;
        }
    }

    public static StreamQuery from(StreamName stream, long fromOffset, int limit) {
        return new StreamQuery(stream, null, fromOffset, limit);
    }

    public StreamQuery startingAt(long offset) {
        return new StreamQuery(stream, deviceId, offset, limit);
    }
}
