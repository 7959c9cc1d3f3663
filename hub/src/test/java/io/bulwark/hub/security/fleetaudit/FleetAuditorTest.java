package io.bulwark.hub.security.fleetaudit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bulwark.hub.HubException;
import io.bulwark.hub.TestHubCore;
import io.bulwark.hub.audit.Actor;
import io.bulwark.hub.audit.AuditQuery;
import io.bulwark.hub.audit.AuditRecord;
import io.bulwark.hub.security.posture.Severity;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * S-MON-3: runs are stored, audited, survive a failing check, look back to the previous run, and old ones are pruned;
 * the schedule counts every run, whoever started it.
 */
class FleetAuditorTest {

    @TempDir
    Path dir;
    TestHubCore core;
    final RecordingTimer timer = new RecordingTimer();
    /** Runs submitted work on the calling thread, so each test reads a finished report. */
    final ExecutorService sameThread = new java.util.concurrent.AbstractExecutorService() {
        private boolean shut;

        @Override
        public void execute(Runnable command) {
            command.run();
        }

        @Override
        public void shutdown() {
            shut = true;
        }

        @Override
        public List<Runnable> shutdownNow() {
            shut = true;
            return List.of();
        }

        @Override
        public boolean isShutdown() {
            return shut;
        }

        @Override
        public boolean isTerminated() {
            return shut;
        }

        @Override
        public boolean awaitTermination(long timeout, java.util.concurrent.TimeUnit unit) {
            return true;
        }
    };

    @BeforeEach
    void start() {
        core = new TestHubCore(dir);
    }

    @AfterEach
    void stop() {
        timer.shutdownNow();
        core.close();
    }

    @Test
    void aFailingCheckIsReportedAsSuchAndTheOthersStillRun() {
        FleetAuditor auditor = auditor(new FleetAuditSettings(Duration.ofDays(1), Duration.ofDays(30),
                Duration.ofDays(365), 10), failing(), finding("always", "device:d1"));
        String id = auditor.start(TestHubCore.OPERATOR, FleetAuditor.REQUEST).id();
        FleetAuditReport report = auditor.get(id);
        assertThat(report.state()).isEqualTo(FleetAuditReport.State.DONE);
        assertThat(report.results()).extracting(CheckResult::check).containsExactly("broken", "always");
        assertThat(report.results().get(0).error()).isEqualTo("the check failed (IllegalStateException); see the hub log");
        assertThat(report.results().get(0).error()).doesNotContain("secret-detail");
        assertThat(report.findingCount()).isEqualTo(1);
        assertThat(auditor.latest().id()).isEqualTo(id);
    }

    @Test
    void startingAndCompletingARunAreAudited() {
        FleetAuditor auditor = auditor(FleetAuditSettings.DEFAULTS, finding("always", "device:d1"));
        String id = auditor.start(new Actor("policy:iothubowner", "127.0.0.1"), FleetAuditor.REQUEST).id();
        List<AuditRecord> records = core.audit.query(AuditQuery.all(100));
        assertThat(records).extracting(AuditRecord::action).containsSubsequence("fleetAudit.run",
                "fleetAudit.complete");
        AuditRecord complete = records.get(records.size() - 1);
        assertThat(complete.target()).isEqualTo("fleetAudit:" + id);
        assertThat(complete.detail()).isEqualTo("1 findings");
    }

    @Test
    void aRunLooksBackToThePreviousRunAndTheFirstOneIntervalBack() {
        FleetAuditor auditor = auditor(FleetAuditSettings.DEFAULTS, finding("always", "device:d1"));
        FleetAuditReport first = auditor.start(Actor.HUB, FleetAuditor.SCHEDULE);
        assertThat(Duration.between(first.period().from(), first.period().to())).isEqualTo(Duration.ofDays(1));
        FleetAuditReport second = auditor.start(Actor.HUB, FleetAuditor.SCHEDULE);
        assertThat(second.period().from()).isBeforeOrEqualTo(second.period().to());
        assertThat(second.period().from()).isAfterOrEqualTo(first.startedTime());
    }

    @Test
    void theScheduleIsDueOneIntervalAfterTheLatestRunAndAtLeastAMinuteAhead() {
        FleetAuditor auditor = auditor(FleetAuditSettings.DEFAULTS, finding("always", "device:d1"));
        assertThat(auditor.untilDue()).isEqualTo(Duration.ofMinutes(1));
        auditor.start(Actor.HUB, FleetAuditor.SCHEDULE);
        assertThat(auditor.untilDue()).isBetween(Duration.ofHours(23), Duration.ofDays(1));
    }

    @Test
    void theScheduleRunsAMinuteAfterAFreshStartThenOneIntervalLater() {
        FleetAuditor auditor = auditor(FleetAuditSettings.DEFAULTS, finding("always", "device:d1"));
        FleetAuditSchedule schedule = startedSchedule(auditor);
        assertThat(timer.delays).containsExactly(Duration.ofMinutes(1));
        schedule.tick();
        assertThat(auditor.list(10)).extracting(FleetAuditReport::trigger).containsExactly(FleetAuditor.SCHEDULE);
        assertTheNextTickIsAnIntervalAway();
    }

    @Test
    void aRunAnOperatorAskedForPostponesTheScheduledOne() {
        FleetAuditor auditor = auditor(FleetAuditSettings.DEFAULTS, finding("always", "device:d1"));
        FleetAuditSchedule schedule = startedSchedule(auditor);
        String requested = auditor.start(TestHubCore.OPERATOR, FleetAuditor.REQUEST).id();
        assertThat(auditor.isDue()).isFalse();
        schedule.tick();
        assertThat(auditor.list(10)).extracting(FleetAuditReport::id).containsExactly(requested);
        assertTheNextTickIsAnIntervalAway();
    }

    @Test
    void aTickWhileTheHubStopsStillRunsWhatIsDueAndSchedulesNothing() {
        FleetAuditor auditor = auditor(FleetAuditSettings.DEFAULTS, finding("always", "device:d1"));
        timer.shutdownNow();
        new FleetAuditSchedule(auditor, timer).tick();
        assertThat(auditor.list(10)).hasSize(1);
        assertThat(timer.delays).isEmpty();
    }

    @Test
    void aRunLeftRunningByAStoppedHubIsMarkedFailedAtTheNextStart() {
        FleetAuditReport interrupted = new FleetAuditReport("ab".repeat(16), FleetAuditReport.State.RUNNING,
                FleetAuditor.SCHEDULE, "hub", java.time.Instant.now(), null,
                new AuditPeriod(java.time.Instant.now().minusSeconds(60), java.time.Instant.now()), List.of());
        core.store.fleetAudits().save(interrupted);
        FleetAuditor auditor = auditor(FleetAuditSettings.DEFAULTS, finding("always", "device:d1"));
        auditor.failInterruptedRuns();
        FleetAuditReport failed = auditor.get(interrupted.id());
        assertThat(failed.state()).isEqualTo(FleetAuditReport.State.FAILED);
        assertThat(failed.finishedTime()).isNotNull();
    }

    @Test
    void keepsOnlyTheNewestReports() {
        FleetAuditor auditor = auditor(new FleetAuditSettings(Duration.ofDays(1), Duration.ofDays(30),
                Duration.ofDays(365), 2), finding("always", "device:d1"));
        String oldest = auditor.start(Actor.HUB, FleetAuditor.SCHEDULE).id();
        auditor.start(Actor.HUB, FleetAuditor.SCHEDULE);
        auditor.start(Actor.HUB, FleetAuditor.SCHEDULE);
        assertThat(auditor.list(10)).hasSize(2);
        assertThatThrownBy(() -> auditor.get(oldest)).isInstanceOf(HubException.NotFound.class);
    }

    @Test
    void settingsComeFromTheEnvironmentWithSafeDefaults() {
        assertThat(FleetAuditSettings.fromEnvironment(Map.of())).isEqualTo(FleetAuditSettings.DEFAULTS);
        FleetAuditSettings custom = FleetAuditSettings.fromEnvironment(Map.of("BULWARK_FLEET_AUDIT_INTERVAL", "PT6H",
                "BULWARK_FLEET_AUDIT_KEY_ROTATION", "P90D"));
        assertThat(custom.interval()).isEqualTo(Duration.ofHours(6));
        assertThat(custom.keyRotationPeriod()).isEqualTo(Duration.ofDays(90));
        assertThatThrownBy(() -> FleetAuditSettings.fromEnvironment(Map.of("BULWARK_FLEET_AUDIT_INTERVAL", "daily")))
                .hasMessage("BULWARK_FLEET_AUDIT_INTERVAL must be an ISO-8601 duration such as P1D or PT6H");
        assertThatThrownBy(() -> FleetAuditSettings.fromEnvironment(Map.of("BULWARK_FLEET_AUDIT_INTERVAL", "PT1S")))
                .hasMessage("the fleet audit interval is at least one minute");
    }

    /** Records the delay of every task scheduled on it and runs none of them. */
    private static final class RecordingTimer extends java.util.concurrent.ScheduledThreadPoolExecutor {
        final List<Duration> delays = new java.util.ArrayList<>();

        RecordingTimer() {
            super(1);
        }

        @Override
        public java.util.concurrent.ScheduledFuture<?> schedule(Runnable command, long delay,
                                                                java.util.concurrent.TimeUnit unit) {
            java.util.concurrent.ScheduledFuture<?> never = super.schedule(() -> { }, 1,
                    java.util.concurrent.TimeUnit.DAYS);
            delays.add(Duration.ofNanos(unit.toNanos(delay)));
            return never;
        }
    }

    private FleetAuditSchedule startedSchedule(FleetAuditor auditor) {
        FleetAuditSchedule schedule = new FleetAuditSchedule(auditor, timer);
        schedule.start();
        return schedule;
    }

    private void assertTheNextTickIsAnIntervalAway() {
        assertThat(timer.delays).hasSize(2);
        assertThat(timer.delays.get(1)).isBetween(Duration.ofHours(23), Duration.ofDays(1));
    }

    private FleetAuditor auditor(FleetAuditSettings settings, FleetAuditCheck... checks) {
        return new FleetAuditor(List.of(checks), core.store.fleetAudits(), core.audit, Clock.systemUTC(), settings,
                sameThread, new SecureRandom());
    }

    private static FleetAuditCheck failing() {
        return new FleetAuditCheck() {
            @Override
            public String name() {
                return "broken";
            }

            @Override
            public String rule() {
                return "fails";
            }

            @Override
            public List<AuditFinding> run(AuditPeriod period) {
                throw new IllegalStateException("secret-detail");
            }
        };
    }

    private static FleetAuditCheck finding(String name, String target) {
        return new FleetAuditCheck() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public String rule() {
                return "always finds " + target;
            }

            @Override
            public List<AuditFinding> run(AuditPeriod period) {
                return List.of(new AuditFinding(name, Severity.LOW, target, "found"));
            }
        };
    }
}
