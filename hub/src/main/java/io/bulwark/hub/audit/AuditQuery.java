package io.bulwark.hub.audit;

import io.bulwark.hub.HubException;
import java.time.Instant;

/**
 * A filter over the audit log, one page at a time in sequence order. Null fields do not filter.
 *
 * @param afterSequence only records with a larger sequence number (the paging cursor); 0 from the start
 */
public record AuditQuery(String actor, String action, String target, AuditOutcome outcome, Instant from, Instant to,
                         long afterSequence, int limit) {

    public static final int MAX_LIMIT = 1000;

    public AuditQuery {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new HubException.Invalid("invalid-page-size", "page size must be 1.." + MAX_LIMIT);
        }
        if (afterSequence < 0) {
            throw new HubException.Invalid("invalid-cursor", "after must not be negative");
        }
    }

    public static AuditQuery all(int limit) {
        return new AuditQuery(null, null, null, null, null, null, 0, limit);
    }
}
