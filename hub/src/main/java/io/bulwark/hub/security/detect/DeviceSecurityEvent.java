package io.bulwark.hub.security.detect;

import io.bulwark.hub.security.alert.AlertEvidence;
import io.bulwark.protocol.security.SecurityEvent;
import java.time.Instant;
import java.util.Objects;

/**
 * One decoded message of the security stream.
 *
 * @param deviceId     from the authenticated connection that sent it, never from the body
 * @param enqueuedTime when the hub took it (windows count by this, not by the device's clock)
 */
public record DeviceSecurityEvent(String deviceId, SecurityEvent event, Instant enqueuedTime,
                                  AlertEvidence evidence) {

    public DeviceSecurityEvent {
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(enqueuedTime, "enqueuedTime");
        Objects.requireNonNull(evidence, "evidence");
    }
}
