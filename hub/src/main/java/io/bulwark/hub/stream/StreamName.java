package io.bulwark.hub.stream;

import io.bulwark.hub.HubException;
import java.util.Locale;

/**
 * The hub's streams, kept apart (DESIGN.md "Three streams, kept apart"), and the alerts the hub raises from them
 * (docs/security-alerts.md).
 */
public enum StreamName {
    /** Device data. */
    TELEMETRY,
    /** Security events devices report: tamper, physical access, logins, posture. */
    SECURITY,
    /** What people, services and devices did to the hub. */
    AUDIT,
    /** Alerts the hub's detectors raised, and every change of an alert's state. */
    ALERTS;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static StreamName fromWire(String value) {
        for (StreamName name : values()) {
            if (name.wireName().equals(value)) {
                return name;
            }
        }
        throw new HubException.NotFound("stream-not-found", "streams are telemetry, security, audit and alerts");
    }
}
