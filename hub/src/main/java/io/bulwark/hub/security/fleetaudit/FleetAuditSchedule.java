package io.bulwark.hub.security.fleetaudit;

import io.bulwark.hub.audit.Actor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts a fleet audit one interval after the latest run began, whoever started that run. Each tick reads the stored
 * reports again and schedules the next one from them. So a run an operator asked for postpones the scheduled one
 * instead of being followed by it minutes later, and a restarted hub keeps the rhythm of the one before it.
 */
public final class FleetAuditSchedule {

    private static final Logger LOG = LoggerFactory.getLogger(FleetAuditSchedule.class);

    private final FleetAuditor auditor;
    private final ScheduledExecutorService timer;

    public FleetAuditSchedule(FleetAuditor auditor, ScheduledExecutorService timer) {
        this.auditor = auditor;
        this.timer = timer;
    }

    /** Schedules the first tick: at the latest run's due time, but no sooner than a minute from now. */
    public void start() {
        scheduleNext();
    }

    void tick() {
        if (auditor.isDue()) {
            try {
                auditor.start(Actor.HUB, FleetAuditor.SCHEDULE);
            } catch (RuntimeException e) {
                // Without a stored run the next tick is due again a minute later; it must not end the timer thread.
                LOG.warn("scheduled fleet audit did not start: {}", e.getClass().getSimpleName());
            }
        }
        scheduleNext();
    }

    private void scheduleNext() {
        try {
            timer.schedule(this::tick, auditor.untilDue().toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopping) {
            LOG.debug("the hub is stopping: no further fleet audit is scheduled");
        }
    }
}
