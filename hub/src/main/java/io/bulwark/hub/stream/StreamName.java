package io.bulwark.hub.stream;

import io.bulwark.hub.HubException;
import java.util.Locale;

/** The hub's three streams, kept apart (DESIGN.md "Three streams, kept apart"). */
public enum StreamName {
    /** Device data. */
    TELEMETRY,
    /** Security events devices report: tamper, physical access, logins, posture. */
    SECURITY,
    /** What people, services and devices did to the hub. */
    AUDIT;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static StreamName fromWire(String value) {
        for (StreamName name : values()) {
            if (name.wireName().equals(value)) {
                return name;
            }
        }
        throw new HubException.NotFound("stream-not-found", "streams are telemetry, security and audit");
    }
}
