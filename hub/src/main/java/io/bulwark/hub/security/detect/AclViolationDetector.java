package io.bulwark.hub.security.detect;

import io.bulwark.hub.security.alert.AlertSeverity;
import io.bulwark.hub.security.alert.AlertSignal;
import java.time.Duration;
import java.util.List;

/**
 * Rule {@code acl-violation}: the hub refuses and records ({@code mqtt.acl-violation}) a device's publish or
 * subscription outside its own topics (S-ACL-1). At least {@code violations} of them from one device within
 * {@code window} is a medium alert: a probing or compromised device, or a misbuilt one.
 */
public final class AclViolationDetector implements AuditDetector {

    public static final String RULE = "acl-violation";
    private static final int MAX_DEVICES = 100_000;

    private final int violations;
    private final WindowCounter counter;

    public AclViolationDetector(int violations, Duration window) {
        this.violations = violations;
        this.counter = new WindowCounter(window, violations, MAX_DEVICES);
    }

    @Override
    public List<AlertSignal> inspect(AuditEntry entry) {
        if (!"mqtt.acl-violation".equals(entry.action())) {
            return List.of();
        }
        if (counter.add(entry.actor(), entry.time()) < violations) {
            return List.of();
        }
        String summary = entry.actor() + " was refused " + violations + " or more times for acting outside its "
                + "topics, latest: " + entry.detail();
        return List.of(new AlertSignal(RULE, AlertSeverity.MEDIUM, RULE + ":" + entry.actor(),
                AuditEntry.deviceIn(entry.actor()), entry.source(), summary, List.of(entry.evidence()),
                entry.time()));
    }
}
