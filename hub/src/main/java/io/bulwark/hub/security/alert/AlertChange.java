package io.bulwark.hub.security.alert;

import java.util.Locale;

/** What happened to an alert, as the alerts stream and webhooks tell it. */
public enum AlertChange {
    /** A new alert. */
    RAISED,
    /** An active alert's cause recurred (published when its count reaches a power of two). */
    REPEATED,
    ACKNOWLEDGED,
    RESOLVED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
