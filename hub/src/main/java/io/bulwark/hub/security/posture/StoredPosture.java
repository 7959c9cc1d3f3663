package io.bulwark.hub.security.posture;

import io.bulwark.protocol.security.PostureSnapshot;
import java.time.Instant;
import java.util.Objects;

/**
 * The latest posture snapshot of one device.
 *
 * @param offset       its offset in the {@code security} stream
 * @param receivedTime when the hub took it (the stream's enqueued time)
 * @param reportedTime the time the agent put on the event
 */
public record StoredPosture(String deviceId, long offset, Instant receivedTime, Instant reportedTime,
                            PostureSnapshot snapshot) {
    public StoredPosture {
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(receivedTime, "receivedTime");
        Objects.requireNonNull(reportedTime, "reportedTime");
        Objects.requireNonNull(snapshot, "snapshot");
    }
}
