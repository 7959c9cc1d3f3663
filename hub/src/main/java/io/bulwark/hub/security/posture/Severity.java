package io.bulwark.hub.security.posture;

import io.bulwark.hub.HubException;
import java.util.Locale;

/** How urgent a finding is. Wire names are lower case. */
public enum Severity {
    LOW, MEDIUM, HIGH, CRITICAL;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Severity fromWire(String value) {
        for (Severity severity : values()) {
            if (severity.wireName().equals(value)) {
                return severity;
            }
        }
        throw new HubException.Invalid("invalid-severity", "severity is low, medium, high or critical");
    }
}
