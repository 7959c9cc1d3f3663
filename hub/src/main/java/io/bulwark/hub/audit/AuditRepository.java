package io.bulwark.hub.audit;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/** Storage port of the audit log. Appends are durable when the call returns. */
public interface AuditRepository {

    void append(AuditRecord record);

    /** The record with the highest sequence number. */
    Optional<AuditRecord> last();

    List<AuditRecord> query(AuditQuery query);

    /** Every record in the order they are stored (by sequence), for verification. */
    void forEachInSequence(Consumer<AuditRecord> sink);
}
