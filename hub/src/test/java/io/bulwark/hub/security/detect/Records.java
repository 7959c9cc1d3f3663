package io.bulwark.hub.security.detect;

import io.bulwark.hub.security.alert.AlertEvidence;
import io.bulwark.hub.stream.StreamName;
import io.bulwark.protocol.security.LoginAttempt;
import io.bulwark.protocol.security.PhysicalAccess;
import io.bulwark.protocol.security.SecurityEvent;
import io.bulwark.protocol.security.SecurityEventDetail;
import io.bulwark.protocol.security.Tamper;
import java.time.Instant;

/** Small factories of the records detectors are fed, as the stream readers would build them. */
final class Records {

    static final Instant T0 = Instant.parse("2026-11-30T10:00:00Z");

    private Records() {
    }

    static DeviceSecurityEvent security(String device, long offset, Instant at, SecurityEventDetail detail) {
        return security(device, offset, at, offset, "boot-1", detail);
    }

    static DeviceSecurityEvent security(String device, long offset, Instant at, long sequence, String bootId,
                                        SecurityEventDetail detail) {
        return new DeviceSecurityEvent(device, SecurityEvent.of(sequence, bootId, at, detail), at,
                new AlertEvidence(StreamName.SECURITY, offset));
    }

    static Tamper tamper(String kind) {
        return new Tamper(kind, "enclosure switch");
    }

    static PhysicalAccess usbAttached() {
        return new PhysicalAccess(PhysicalAccess.Action.ATTACHED, "usb", "1-1.2", "0781", "5567", "SanDisk",
                "Cruzer Blade");
    }

    static LoginAttempt login(LoginAttempt.Outcome outcome) {
        return new LoginAttempt(outcome, "root", "sshd", "203.0.113.5");
    }

    static AuditEntry audit(String action, String actor, String source, long offset, Instant at) {
        return new AuditEntry(at, actor, action, "device-connect", "denied", source, "bad signature",
                new AlertEvidence(StreamName.AUDIT, offset));
    }

    static TelemetrySample telemetry(String device, int bytes, long offset, Instant at) {
        return new TelemetrySample(device, bytes, at, new AlertEvidence(StreamName.TELEMETRY, offset));
    }
}
