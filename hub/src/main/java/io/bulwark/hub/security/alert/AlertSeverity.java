package io.bulwark.hub.security.alert;

import io.bulwark.hub.HubException;
import java.util.Locale;

/** How urgently an operator should look at an alert, most urgent first. */
public enum AlertSeverity {
    CRITICAL, HIGH, MEDIUM, LOW;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static AlertSeverity fromWire(String value) {
        for (AlertSeverity severity : values()) {
            if (severity.wireName().equals(value)) {
                return severity;
            }
        }
        throw new HubException.Invalid("invalid-severity", "severity is critical, high, medium or low");
    }
}
