package io.bulwark.hub.security.fleetaudit;

import io.bulwark.hub.audit.AuditLog;
import io.bulwark.hub.audit.AuditOutcome;
import io.bulwark.hub.security.posture.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Conflicting client ids (S-AUTH-9): a device whose connection was taken over by a newer one with the same identity in
 * the period, as the {@code device.conflicting-connection} audit records show. One takeover may be a reconnect before
 * the old connection timed out (medium); takeovers from more than one source address look like a cloned credential
 * (high).
 */
public final class ConflictingClientIdCheck implements FleetAuditCheck {

    private final AuditRecords records;

    public ConflictingClientIdCheck(AuditLog audit) {
        this.records = new AuditRecords(audit);
    }

    @Override
    public String name() {
        return "conflicting-client-ids";
    }

    @Override
    public String rule() {
        return "a device whose connection was taken over by another with the same client id during the period";
    }

    @Override
    public List<AuditFinding> run(AuditPeriod period) {
        Map<String, Integer> counts = new TreeMap<>();
        Map<String, Set<String>> sources = new TreeMap<>();
        records.forEach("device.conflicting-connection", AuditOutcome.SUCCESS, period, record -> {
            counts.merge(record.target(), 1, Integer::sum);
            sources.computeIfAbsent(record.target(), target -> new TreeSet<>()).add(record.source());
        });
        List<AuditFinding> findings = new ArrayList<>();
        counts.forEach((target, count) -> {
            Set<String> from = sources.get(target);
            findings.add(new AuditFinding(name(), from.size() > 1 ? Severity.HIGH : Severity.MEDIUM, target,
                    count + " conflicting connection" + (count == 1 ? "" : "s") + " from " + String.join(", ", from)
                            + " between " + period.from() + " and " + period.to()));
        });
        return findings;
    }
}
