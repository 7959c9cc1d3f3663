package io.bulwark.hub.security.detect;

import io.bulwark.hub.audit.Actor;
import io.bulwark.hub.security.MonitoringLimits;
import io.bulwark.hub.security.SourceBlocklist;
import io.bulwark.hub.security.alert.AlertSeverity;
import io.bulwark.hub.security.alert.AlertSignal;
import java.util.ArrayList;
import java.util.List;

/**
 * Rules {@code auth-failures-source} and {@code auth-failures-identity} (S-AUTH-7), over the audit stream's
 * {@code auth.failure} records (MQTT connects, the HTTPS device API, the service API).
 *
 * <p>Per source address: after {@code sourceSlowAfter} failures within the window the source is slowed down (one
 * attempt per {@code slowInterval}), after {@code sourceBlockAfter} it is blocked for {@code blockPeriod} and a high
 * alert is raised. Per identity: {@code identityFailures} failures naming one identity raise a high alert, but the
 * identity is not locked: anyone could lock any device out by failing in its name.
 */
public final class AuthFailureDetector implements AuditDetector {

    public static final String SOURCE_RULE = "auth-failures-source";
    public static final String IDENTITY_RULE = "auth-failures-identity";
    private static final int MAX_KEYS = 100_000;

    private final MonitoringLimits limits;
    private final SourceBlocklist blocklist;
    private final WindowCounter perSource;
    private final WindowCounter perIdentity;

    public AuthFailureDetector(MonitoringLimits limits, SourceBlocklist blocklist) {
        this.limits = limits;
        this.blocklist = blocklist;
        this.perSource = new WindowCounter(limits.authWindow(), limits.sourceBlockAfter(), MAX_KEYS);
        this.perIdentity = new WindowCounter(limits.authWindow(), limits.identityFailures(), MAX_KEYS);
    }

    @Override
    public List<AlertSignal> inspect(AuditEntry entry) {
        if (!"auth.failure".equals(entry.action())) {
            return List.of();
        }
        List<AlertSignal> signals = new ArrayList<>(2);
        String source = entry.source();
        if (!"local".equals(source) && !"unknown".equals(source)) {
            bySource(entry, source, signals);
        }
        String identity = entry.actor();
        if (!"anonymous".equals(identity) && !"device:unknown".equals(identity)
                && perIdentity.add(identity, entry.time()) >= limits.identityFailures()) {
            signals.add(new AlertSignal(IDENTITY_RULE, AlertSeverity.HIGH, IDENTITY_RULE + ":" + identity,
                    AuditEntry.deviceIn(identity), null, limits.identityFailures()
                    + " or more failed authentications as " + identity + " within " + limits.authWindow()
                    + ", latest from " + source + " (" + entry.detail() + ")", List.of(entry.evidence()),
                    entry.time()));
        }
        return signals;
    }

    private void bySource(AuditEntry entry, String source, List<AlertSignal> signals) {
        int failures = perSource.add(source, entry.time());
        if (failures == limits.sourceSlowAfter() && failures < limits.sourceBlockAfter()) {
            blocklist.slowDown(source, limits.slowInterval(), limits.blockPeriod(),
                    failures + " authentication failures within " + limits.authWindow());
        }
        if (failures < limits.sourceBlockAfter()) {
            return;
        }
        boolean blocked = blocklist.block(Actor.HUB, source, limits.blockPeriod(),
                failures + " authentication failures within " + limits.authWindow());
        // Counted afresh after a block, so an attacker back after the period gets a full window, not an instant block.
        perSource.reset(source);
        signals.add(new AlertSignal(SOURCE_RULE, AlertSeverity.HIGH, SOURCE_RULE + ":" + source,
                AuditEntry.deviceIn(entry.actor()), source, failures + " failed authentications from " + source
                + " within " + limits.authWindow() + (blocked ? "; blocked for " + limits.blockPeriod()
                : "; not blocked: the source is exempt") + ", latest as " + entry.actor(),
                List.of(entry.evidence()), entry.time()));
    }
}
