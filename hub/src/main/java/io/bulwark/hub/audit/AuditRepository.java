package io.bulwark.hub.audit;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/** Storage port of the audit log. Appends are durable when the call returns. */
public interface AuditRepository {

    void append(AuditRecord record);

    /** An append waiting for its commit. */
    @FunctionalInterface
    interface QueuedAppend {
        /** Returns once the record is durable; throws if it could not be stored. */
        void awaitDurable();
    }

    /**
     * Queues an append behind every append queued before it, without waiting for it to be stored, so the audit log
     * can keep its chain order under its lock and wait for the disk outside it. Because of that, a store may refuse
     * a record whose previous hash is not the newest stored record's: it was queued behind one that failed. A store
     * that cannot queue appends at once.
     */
    default QueuedAppend queueAppend(AuditRecord record) {
        append(record);
        return () -> { };
    }

    /** The record with the highest sequence number. */
    Optional<AuditRecord> last();

    List<AuditRecord> query(AuditQuery query);

    /** Every record in the order they are stored (by sequence), for verification. */
    void forEachInSequence(Consumer<AuditRecord> sink);
}
