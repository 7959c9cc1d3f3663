package io.bulwark.hub.security.fleetaudit;

import io.bulwark.hub.audit.AuditLog;
import io.bulwark.hub.audit.AuditOutcome;
import io.bulwark.hub.audit.AuditQuery;
import io.bulwark.hub.audit.AuditRecord;
import java.util.List;
import java.util.function.Consumer;

/** Pages through the audit records of one action in a period, for the checks that read the audit log. */
final class AuditRecords {

    private final AuditLog audit;

    AuditRecords(AuditLog audit) {
        this.audit = audit;
    }

    void forEach(String action, AuditOutcome outcome, AuditPeriod period, Consumer<AuditRecord> sink) {
        long after = 0;
        while (true) {
            List<AuditRecord> page = audit.query(new AuditQuery(null, action, null, outcome,
                    period == null ? null : period.from(), period == null ? null : period.to(), after,
                    AuditQuery.MAX_LIMIT));
            page.forEach(sink);
            if (page.size() < AuditQuery.MAX_LIMIT) {
                return;
            }
            after = page.get(page.size() - 1).sequence();
        }
    }
}
