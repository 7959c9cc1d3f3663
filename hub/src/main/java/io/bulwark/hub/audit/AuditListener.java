package io.bulwark.hub.audit;

/**
 * Told of every audit record once it is stored, in sequence order, while the log holds its lock: it must not block
 * (hand the record on and return).
 */
@FunctionalInterface
public interface AuditListener {

    void recorded(AuditRecord record);
}
