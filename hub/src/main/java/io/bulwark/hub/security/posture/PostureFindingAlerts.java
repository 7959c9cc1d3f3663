package io.bulwark.hub.security.posture;

import io.bulwark.hub.audit.Actor;
import io.bulwark.hub.security.alert.AlertEvidence;
import io.bulwark.hub.security.alert.AlertSeverity;
import io.bulwark.hub.security.alert.AlertSignal;
import io.bulwark.hub.security.alert.Alerts;
import io.bulwark.hub.stream.StreamName;
import java.util.List;

/**
 * Raises an alert for every posture finding that opens (S-MON-2 deviations reach operators like detector alerts), and
 * resolves it when the finding closes: a clean snapshot is the evidence that the deviation went away, and an alert
 * left open for it would only train operators to ignore posture alerts. The resolve is audited with the actor
 * {@code system:posture}. The dedup key is device and check, so a finding that opens again later raises a new alert.
 */
public final class PostureFindingAlerts implements FindingListener {

    public static final String RULE = "posture";
    /** Who resolves an alert whose finding closed, in the alert and in the audit log. */
    public static final Actor ACTOR = new Actor("system:posture", "local");

    private final Alerts alerts;

    public PostureFindingAlerts(Alerts alerts) {
        this.alerts = alerts;
    }

    public static String dedupKey(String deviceId, String check) {
        return RULE + ":" + check + ":device:" + deviceId;
    }

    @Override
    public void opened(PostureFinding finding) {
        alerts.raise(new AlertSignal(RULE, severity(finding.severity()), dedupKey(finding.deviceId(), finding.check()),
                finding.deviceId(), null, finding.check() + ": " + finding.message(),
                List.of(new AlertEvidence(StreamName.SECURITY, finding.evidenceOffset())), finding.lastSeen()));
    }

    @Override
    public void closed(PostureFinding finding) {
        alerts.resolveActive(ACTOR, dedupKey(finding.deviceId(), finding.check()),
                "finding closed: the snapshot at security offset " + finding.evidenceOffset() + " no longer shows it");
    }

    private static AlertSeverity severity(Severity severity) {
        return switch (severity) {
            case LOW -> AlertSeverity.LOW;
            case MEDIUM -> AlertSeverity.MEDIUM;
            case HIGH -> AlertSeverity.HIGH;
            case CRITICAL -> AlertSeverity.CRITICAL;
        };
    }
}
