package io.bulwark.hub.audit;

import java.util.Objects;

/**
 * What a caller asks the audit log to record. The log adds time, sequence and chain hashes.
 *
 * @param action e.g. {@code device.create}, {@code auth.failure}
 * @param target e.g. {@code device:d1}, {@code policy:service}
 * @param detail short free text for humans; never a secret
 */
public record AuditEvent(Actor actor, String action, String target, AuditOutcome outcome, String detail) {

    public AuditEvent {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(outcome, "outcome");
        detail = detail == null ? "" : detail;
    }
}
