package io.bulwark.hub.security.fleetaudit;

import java.util.List;
import java.util.Objects;

/**
 * What one check found in one run.
 *
 * @param error null when the check ran; otherwise why it could not (its findings are then empty)
 */
public record CheckResult(String check, String rule, List<AuditFinding> findings, String error) {
    public CheckResult {
        Objects.requireNonNull(check, "check");
        Objects.requireNonNull(rule, "rule");
        findings = List.copyOf(findings);
    }
}
