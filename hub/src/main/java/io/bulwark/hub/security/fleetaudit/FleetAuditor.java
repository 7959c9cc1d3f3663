package io.bulwark.hub.security.fleetaudit;

import io.bulwark.hub.HubException;
import io.bulwark.hub.audit.Actor;
import io.bulwark.hub.audit.AuditLog;
import io.bulwark.hub.audit.AuditOutcome;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the fleet audit checks (S-MON-3), one run at a time on its own thread, and stores each run's report: first as
 * {@code running}, then with every check's findings. A check that fails is reported as such and the others still run.
 * Starting a run and its end are audited.
 */
public final class FleetAuditor {

    public static final String SCHEDULE = "schedule";
    public static final String REQUEST = "request";
    private static final java.time.Duration MIN_DELAY = java.time.Duration.ofMinutes(1);
    private static final java.time.Duration DUE_SLACK = java.time.Duration.ofSeconds(1);
    private static final Logger LOG = LoggerFactory.getLogger(FleetAuditor.class);

    private final List<FleetAuditCheck> checks;
    private final FleetAuditRepository reports;
    private final AuditLog audit;
    private final Clock clock;
    private final FleetAuditSettings settings;
    private final ExecutorService runner;
    private final SecureRandom random;

    public FleetAuditor(List<FleetAuditCheck> checks, FleetAuditRepository reports, AuditLog audit, Clock clock,
                        FleetAuditSettings settings, ExecutorService runner, SecureRandom random) {
        this.checks = List.copyOf(checks);
        this.reports = reports;
        this.audit = audit;
        this.clock = clock;
        this.settings = settings;
        this.runner = runner;
        this.random = random;
    }

    /** Starts a run and returns its report in state {@code running}; the run goes on in the background. */
    public synchronized FleetAuditReport start(Actor actor, String trigger) {
        Instant now = now();
        Instant from = reports.list(1).stream().map(FleetAuditReport::startedTime).findFirst()
                .filter(previous -> previous.isBefore(now)).orElse(now.minus(settings.interval()));
        FleetAuditReport report = new FleetAuditReport(newId(), FleetAuditReport.State.RUNNING, trigger,
                actor.name(), now, null, new AuditPeriod(from, now), List.of());
        reports.save(report);
        audit.record(actor, "fleetAudit.run", "fleetAudit:" + report.id(), AuditOutcome.SUCCESS, trigger);
        try {
            runner.execute(() -> complete(actor, report));
        } catch (RejectedExecutionException closing) {
            reports.save(report.finished(FleetAuditReport.State.FAILED, now(), List.of()));
            throw new HubException.Conflict("hub-stopping", "the hub is stopping; no fleet audit was run");
        }
        return report;
    }

    /**
     * Marks the runs a previous hub process left {@code running} (it stopped in the middle) as failed, so that no
     * report stays "running" forever. Called once at start, before any new run.
     */
    public void failInterruptedRuns() {
        for (FleetAuditReport report : reports.list(settings.reportsKept())) {
            if (report.state() == FleetAuditReport.State.RUNNING) {
                reports.save(report.finished(FleetAuditReport.State.FAILED, now(), List.of()));
            }
        }
    }

    /** Runs every check now, on the calling thread, and returns the stored report (for the schedule and tests). */
    FleetAuditReport complete(Actor actor, FleetAuditReport running) {
        List<CheckResult> results = new ArrayList<>();
        for (FleetAuditCheck check : checks) {
            results.add(run(check, running.period()));
        }
        FleetAuditReport done = running.finished(FleetAuditReport.State.DONE, now(), results);
        try {
            reports.save(done);
        } catch (RuntimeException e) {
            // The hub is stopping (its store is closed) or the disk failed: the next start marks the run failed.
            LOG.warn("fleet audit {} could not be stored: {}", running.id(), e.getClass().getSimpleName());
            return done;
        }
        reports.prune(settings.reportsKept());
        audit.record(actor, "fleetAudit.complete", "fleetAudit:" + done.id(), AuditOutcome.SUCCESS,
                done.findingCount() + " findings");
        return done;
    }

    private static CheckResult run(FleetAuditCheck check, AuditPeriod period) {
        try {
            return new CheckResult(check.name(), check.rule(), check.run(period), null);
        } catch (RuntimeException e) {
            LOG.warn("fleet audit check {} failed: {}", check.name(), e.getClass().getSimpleName());
            return new CheckResult(check.name(), check.rule(), List.of(),
                    "the check failed (" + e.getClass().getSimpleName() + "); see the hub log");
        }
    }

    public FleetAuditReport get(String id) {
        return reports.find(FleetAuditReport.requireId(id))
                .orElseThrow(() -> new HubException.NotFound("fleet-audit-not-found", "no fleet audit " + id));
    }

    public FleetAuditReport latest() {
        return reports.list(1).stream().findFirst()
                .orElseThrow(() -> new HubException.NotFound("fleet-audit-not-found", "no fleet audit has run yet"));
    }

    public List<FleetAuditReport> list(int limit) {
        if (limit < 1 || limit > 1000) {
            throw new HubException.Invalid("invalid-page-size", "pageSize must be 1..1000");
        }
        return reports.list(limit);
    }

    /**
     * How long until the next scheduled run is due: one interval after the latest run started, but at least a minute
     * from now (a hub just started has other work first). A hub restarted more often than the interval still audits.
     */
    public java.time.Duration untilDue() {
        Instant now = now();
        java.time.Duration remaining = reports.list(1).stream().findFirst()
                .map(latest -> java.time.Duration.between(now, latest.startedTime().plus(settings.interval())))
                .orElse(MIN_DELAY);
        return remaining.compareTo(MIN_DELAY) < 0 ? MIN_DELAY
                : remaining.compareTo(settings.interval()) > 0 ? settings.interval() : remaining;
    }

    /**
     * Whether a scheduled run is due: no run has started yet, or the latest began an interval ago. A second's slack
     * keeps a timer that fires a little early from putting the run off by another minute.
     */
    public boolean isDue() {
        Instant now = now();
        return reports.list(1).stream().findFirst()
                .map(latest -> !now.plus(DUE_SLACK).isBefore(latest.startedTime().plus(settings.interval())))
                .orElse(true);
    }

    /** The checks this auditor runs, with their rules. */
    public List<FleetAuditCheck> checks() {
        return checks;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private String newId() {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
