package io.bulwark.hub.security.fleetaudit;

import java.time.Instant;
import java.util.Objects;

/**
 * The time a run looks back on for events (conflicting connections, refused revoked certificates): from the start of
 * the previous run, or one schedule interval back for the first run, to now.
 */
public record AuditPeriod(Instant from, Instant to) {
    public AuditPeriod {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (from.isAfter(to)) {
            throw new IllegalArgumentException("a period ends after it starts");
        }
    }
}
