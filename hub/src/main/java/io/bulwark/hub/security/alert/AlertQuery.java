package io.bulwark.hub.security.alert;

import java.time.Instant;

/**
 * Which alerts to list, newest first. Every filter is optional (null).
 *
 * @param since    only alerts last seen at or after this time
 * @param beforeId only alerts with a smaller id (the paging cursor); 0 for the newest
 */
public record AlertQuery(AlertState state, AlertSeverity severity, String deviceId, String rule, Instant since,
                         long beforeId, int limit) {

    public static final int MAX_LIMIT = 1000;

    public AlertQuery {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be 1.." + MAX_LIMIT);
        }
        if (beforeId < 0) {
            throw new IllegalArgumentException("beforeId must not be negative");
        }
    }

    public static AlertQuery all(int limit) {
        return new AlertQuery(null, null, null, null, null, 0, limit);
    }
}
