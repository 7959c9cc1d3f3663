package io.bulwark.hub.security.fleetaudit;

import io.bulwark.hub.HubException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One run of the fleet audit: while running it has no results, once done one {@link CheckResult} per check.
 *
 * @param trigger       {@code schedule} or {@code request}
 * @param actor         who asked (the hub for a scheduled run)
 * @param finishedTime  null while running
 */
public record FleetAuditReport(String id, State state, String trigger, String actor, Instant startedTime,
                               Instant finishedTime, AuditPeriod period, List<CheckResult> results) {

    private static final Pattern ID = Pattern.compile("[0-9a-f]{32}");

    public enum State {
        RUNNING, DONE, FAILED;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static State fromWire(String value) {
            return valueOf(value.toUpperCase(Locale.ROOT));
        }
    }

    public FleetAuditReport {
        requireId(id);
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(trigger, "trigger");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(startedTime, "startedTime");
        Objects.requireNonNull(period, "period");
        results = List.copyOf(results);
    }

    public int findingCount() {
        return results.stream().mapToInt(result -> result.findings().size()).sum();
    }

    public FleetAuditReport finished(State outcome, Instant at, List<CheckResult> checked) {
        return new FleetAuditReport(id, outcome, trigger, actor, startedTime, at, period, checked);
    }

    public static String requireId(String id) {
        if (id == null || !ID.matcher(id).matches()) {
            throw new HubException.NotFound("fleet-audit-not-found", "no fleet audit with that id");
        }
        return id;
    }
}
