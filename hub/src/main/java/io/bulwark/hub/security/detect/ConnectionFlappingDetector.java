package io.bulwark.hub.security.detect;

import io.bulwark.hub.security.alert.AlertSeverity;
import io.bulwark.hub.security.alert.AlertSignal;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Rule {@code cloned-credential} (S-AUTH-9): the hub records a {@code device.conflicting-connection} whenever a new
 * connection takes an identity over from a live one. One takeover is a device reconnecting before its old connection
 * timed out; the identity bouncing between source addresses, at least {@code switches} times within {@code window},
 * means two parties hold its credential, and is a high alert.
 */
public final class ConnectionFlappingDetector implements AuditDetector {

    public static final String RULE = "cloned-credential";
    private static final int MAX_IDENTITIES = 100_000;

    private final int switches;
    private final WindowCounter counter;
    private final Map<String, String> lastSource = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > MAX_IDENTITIES;
        }
    };

    public ConnectionFlappingDetector(int switches, Duration window) {
        this.switches = switches;
        this.counter = new WindowCounter(window, switches, MAX_IDENTITIES);
    }

    @Override
    public List<AlertSignal> inspect(AuditEntry entry) {
        if (!"device.conflicting-connection".equals(entry.action())) {
            return List.of();
        }
        String identity = entry.actor();
        String previous = lastSource.put(identity, entry.source());
        if (previous == null || previous.equals(entry.source())) {
            return List.of();
        }
        int count = counter.add(identity, entry.time());
        if (count < switches) {
            return List.of();
        }
        String summary = identity + " switched between source addresses " + count + " times (latest " + previous
                + " to " + entry.source() + "): its credential is probably used by two parties";
        return List.of(new AlertSignal(RULE, AlertSeverity.HIGH, RULE + ":" + identity,
                AuditEntry.deviceIn(identity), entry.source(), summary, List.of(entry.evidence()), entry.time()));
    }
}
