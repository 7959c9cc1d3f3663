package io.bulwark.hub.audit;

/** How an audited action ended. */
public enum AuditOutcome {
    /** Done as asked. */
    SUCCESS,
    /** Refused: bad credentials or missing permission. */
    DENIED,
    /** Attempted by an authorised actor but it failed (invalid input, conflict, not found). */
    FAILURE;

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static AuditOutcome fromWire(String value) {
        return valueOf(value.toUpperCase(java.util.Locale.ROOT));
    }
}
