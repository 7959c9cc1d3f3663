package io.bulwark.hub.security.posture;

import io.bulwark.hub.security.alert.AlertEvidence;
import io.bulwark.hub.security.alert.AlertSeverity;
import io.bulwark.hub.security.alert.AlertSignal;
import io.bulwark.hub.security.alert.Alerts;
import io.bulwark.hub.stream.StreamName;
import java.util.List;

/**
 * Raises an alert for every posture finding that opens (S-MON-2 deviations reach operators like detector alerts).
 * The dedup key is device and check, so a finding that closes and opens again while its alert is still active counts
 * into that alert instead of opening another. A closed finding leaves its alert to the operator to resolve: the
 * finding's history says when it went away.
 */
public final class PostureFindingAlerts implements FindingListener {

    public static final String RULE = "posture";

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
