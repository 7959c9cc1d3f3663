package io.bulwark.hub.security.posture;

import java.time.Instant;
import java.util.Objects;

/**
 * A deviation of one device from its baseline, as stored: open while the latest snapshot still shows it, closed when
 * a later snapshot no longer does.
 *
 * @param evidenceOffset the {@code security} stream offset of the latest snapshot that showed it
 * @param closedTime     null while open
 */
public record PostureFinding(String deviceId, String check, Severity severity, String message, String remediation,
                             long evidenceOffset, Instant firstSeen, Instant lastSeen, Instant closedTime) {

    public PostureFinding {
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(check, "check");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(remediation, "remediation");
        Objects.requireNonNull(firstSeen, "firstSeen");
        Objects.requireNonNull(lastSeen, "lastSeen");
    }

    public boolean isOpen() {
        return closedTime == null;
    }

    public static PostureFinding opened(String deviceId, Deviation deviation, long offset, Instant at) {
        return new PostureFinding(deviceId, deviation.check(), deviation.severity(), deviation.message(),
                deviation.remediation(), offset, at, at, null);
    }

    public PostureFinding seenAgain(Deviation deviation, long offset, Instant at) {
        return new PostureFinding(deviceId, check, deviation.severity(), deviation.message(), deviation.remediation(),
                offset, firstSeen, at, null);
    }

    public PostureFinding closed(long offset, Instant at) {
        return new PostureFinding(deviceId, check, severity, message, remediation, offset, firstSeen, lastSeen, at);
    }
}
