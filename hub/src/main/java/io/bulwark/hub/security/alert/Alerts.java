package io.bulwark.hub.security.alert;

import io.bulwark.hub.HubException;
import io.bulwark.hub.audit.Actor;
import io.bulwark.hub.audit.AuditLog;
import io.bulwark.hub.audit.AuditOutcome;
import io.bulwark.hub.stream.Streams;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The alerts service: detectors raise signals, operators acknowledge and resolve. A signal whose dedup key has an
 * active (open or acknowledged) alert counts into it; otherwise it opens a new one. Every change an operator makes is
 * audited; new alerts are not (the hub raising one is not something done to the hub, and the alerts table and stream
 * already hold it, while the audit stream feeds the detectors). New alerts and every change are published to the
 * {@code alerts} stream; a recurrence is published when the count reaches a power of two, so a flood of one cause does
 * not flood webhook receivers.
 */
public final class Alerts {

    private final AlertRepository repository;
    private final AuditLog audit;
    private final AlertStreamPublisher publisher;
    private final Clock clock;

    public Alerts(AlertRepository repository, AuditLog audit, Streams streams, Clock clock) {
        this.repository = repository;
        this.audit = audit;
        this.publisher = new AlertStreamPublisher(streams, clock);
        this.clock = clock;
    }

    /** Opens an alert for {@code signal}, or counts it into the active alert of its dedup key. */
    public Alert raise(AlertSignal signal) {
        return raiseAll(List.of(signal)).get(0);
    }

    /**
     * {@link #raise} for a burst of signals (a detector's page of a stream), stored in one transaction so a flood of
     * events costs one disk sync per page, not per alert. Returns the alerts touched, in order of first touch.
     */
    public synchronized List<Alert> raiseAll(List<AlertSignal> signals) {
        if (signals.isEmpty()) {
            return List.of();
        }
        Map<String, Alert> active = repository.findActive(signals.stream().map(AlertSignal::dedupKey).toList());
        Map<String, Alert> touched = new LinkedHashMap<>();
        Map<String, Long> countBefore = new HashMap<>();
        for (AlertSignal signal : signals) {
            Alert current = touched.containsKey(signal.dedupKey()) ? touched.get(signal.dedupKey())
                    : active.get(signal.dedupKey());
            if (current == null) {
                touched.put(signal.dedupKey(), Alert.opened(signal, now()));
                countBefore.put(signal.dedupKey(), 0L);
            } else {
                countBefore.putIfAbsent(signal.dedupKey(), current.count());
                touched.put(signal.dedupKey(), current.repeated(signal));
            }
        }
        List<Alert> written = new ArrayList<>(touched.values());
        List<Long> ids = repository.write(written);
        List<Alert> alerts = new ArrayList<>(written.size());
        for (int i = 0; i < written.size(); i++) {
            Alert alert = written.get(i).withId(ids.get(i));
            alerts.add(alert);
            long before = countBefore.get(alert.dedupKey());
            if (before == 0) {
                publisher.publish(alert, AlertChange.RAISED);
            } else if (Long.highestOneBit(alert.count()) > Long.highestOneBit(before)) {
                publisher.publish(alert, AlertChange.REPEATED);
            }
        }
        return alerts;
    }

    public Alert get(long id) {
        return repository.find(id).orElseThrow(() -> notFound(id));
    }

    public List<Alert> list(AlertQuery query) {
        return repository.list(query);
    }

    /** Someone is looking at it: an open alert becomes acknowledged; it still counts recurrences. */
    public synchronized Alert acknowledge(Actor actor, long id, String note) {
        return change(actor, id, AlertState.ACKNOWLEDGED, note, "alert.acknowledge");
    }

    /** Closed: the next signal of its dedup key opens a new alert. */
    public synchronized Alert resolve(Actor actor, long id, String note) {
        return change(actor, id, AlertState.RESOLVED, note, "alert.resolve");
    }

    /**
     * Resolves the active (open or acknowledged) alert of a dedup key, for a raiser that saw its cause go away;
     * empty when there is none, e.g. an operator resolved it first. Audited like an operator's resolve.
     */
    public synchronized Optional<Alert> resolveActive(Actor actor, String dedupKey, String note) {
        Optional<Alert> active = repository.findActive(dedupKey);
        return active.map(alert -> change(actor, alert.id(), AlertState.RESOLVED, note, "alert.resolve"));
    }

    private Alert change(Actor actor, long id, AlertState target, String note, String action) {
        try {
            if (note != null && note.length() > Alert.MAX_NOTE) {
                throw new HubException.Invalid("invalid-note", "a note is at most " + Alert.MAX_NOTE + " characters");
            }
            Alert current = get(id);
            if (current.state() == AlertState.RESOLVED) {
                throw new HubException.Conflict("alert-resolved", "alert " + id + " is resolved already");
            }
            if (current.state() == target) {
                throw new HubException.Conflict("alert-acknowledged", "alert " + id + " is acknowledged already");
            }
            Alert changed = current.withState(target, actor.name(), now(), note);
            repository.update(changed);
            audit.record(actor, action, target(id), AuditOutcome.SUCCESS, note == null ? "" : "note: " + note);
            publisher.publish(changed, target == AlertState.RESOLVED ? AlertChange.RESOLVED
                    : AlertChange.ACKNOWLEDGED);
            return changed;
        } catch (HubException e) {
            audit.record(actor, action, target(id), AuditOutcome.FAILURE, e.type());
            throw e;
        }
    }

    public static String target(long id) {
        return "alert:" + id;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private static HubException.NotFound notFound(long id) {
        return new HubException.NotFound("alert-not-found", "no alert " + id);
    }
}
