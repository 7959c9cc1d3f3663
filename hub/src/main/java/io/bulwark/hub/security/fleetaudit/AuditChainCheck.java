package io.bulwark.hub.security.fleetaudit;

import io.bulwark.hub.audit.AuditHeadFile;
import io.bulwark.hub.audit.AuditRepository;
import io.bulwark.hub.audit.AuditVerification;
import io.bulwark.hub.audit.AuditVerifier;
import io.bulwark.hub.security.posture.Severity;
import java.util.List;

/**
 * The audit log is verifiable: the same hash-chain walk as {@code bulwark audit verify} (S-AUD-1). A broken chain is
 * critical: someone edited, removed or reordered records.
 */
public final class AuditChainCheck implements FleetAuditCheck {

    private final AuditVerifier verifier;
    private final AuditRepository repository;
    private final AuditHeadFile head;

    public AuditChainCheck(AuditVerifier verifier, AuditRepository repository, AuditHeadFile head) {
        this.verifier = verifier;
        this.repository = repository;
        this.head = head;
    }

    @Override
    public String name() {
        return "audit-log-verifiable";
    }

    @Override
    public String rule() {
        return "the audit log's hash chain and head file verify from the first record to the last";
    }

    @Override
    public List<AuditFinding> run(AuditPeriod period) {
        AuditVerification result = verifier.verify(repository, head.read());
        if (result.isIntact()) {
            return List.of();
        }
        return List.of(new AuditFinding(name(), Severity.CRITICAL, "audit-log", "the audit log does not verify: "
                + result.problem() + " (first bad record " + result.firstBadSequence() + ")"));
    }
}
