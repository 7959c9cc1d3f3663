package io.bulwark.hub.stream;

import java.time.Instant;
import java.util.Objects;

/**
 * What a stream holds of one message besides its content: where, whose, when and how big. Readers that never look
 * at bodies (the traffic baseline) read this instead of {@link StoredMessage}, so they cost the hub neither the body
 * copies nor the decoding of the properties.
 *
 * @param bodyBytes the length of the message body
 */
public record MessageMetadata(long offset, String deviceId, Instant enqueuedTime, int bodyBytes) {

    public MessageMetadata {
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(enqueuedTime, "enqueuedTime");
        if (offset < 1 || bodyBytes < 0) {
            throw new IllegalArgumentException("offsets start at 1 and sizes are not negative");
        }
    }

    public static MessageMetadata of(StoredMessage stored) {
        return new MessageMetadata(stored.offset(), stored.message().deviceId(), stored.message().enqueuedTime(),
                stored.message().body().length);
    }
}
