package io.bulwark.hub.audit;

import java.time.Instant;
import java.util.Objects;

/**
 * One stored audit record. {@code hash} chains it to the record before ({@code previousHash}), so editing, deleting or
 * reordering any record breaks the chain from that point on (S-AUD-1).
 */
public record AuditRecord(long sequence, Instant time, String actor, String action, String target,
                          AuditOutcome outcome, String source, String detail, String previousHash, String hash) {

    public AuditRecord {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(previousHash, "previousHash");
        Objects.requireNonNull(hash, "hash");
    }
}
