package io.bulwark.hub.security.alert;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One alert as stored: the first signal of its dedup key, how often and until when it recurred, and who moved it to
 * its current state.
 *
 * @param id             assigned by the store, growing
 * @param evidence       the newest {@link #MAX_EVIDENCE} stream messages behind it, oldest first
 * @param stateChangedBy the actor who set the state ({@code hub} for a new alert)
 * @param note           what the operator wrote when acknowledging or resolving, or null
 */
public record Alert(long id, String rule, AlertSeverity severity, String dedupKey, Instant firstSeen,
                    Instant lastSeen, long count, String deviceId, String sourceAddress, String summary,
                    List<AlertEvidence> evidence, AlertState state, String stateChangedBy, Instant stateChangedTime,
                    String note) {

    public static final int MAX_EVIDENCE = 16;
    public static final int MAX_NOTE = 1024;

    public Alert {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(dedupKey, "dedupKey");
        Objects.requireNonNull(firstSeen, "firstSeen");
        Objects.requireNonNull(lastSeen, "lastSeen");
        Objects.requireNonNull(summary, "summary");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(stateChangedBy, "stateChangedBy");
        Objects.requireNonNull(stateChangedTime, "stateChangedTime");
        if (count < 1) {
            throw new IllegalArgumentException("an alert counts at least one occurrence");
        }
        evidence = newest(evidence);
    }

    /** A new, open alert from its first signal; the store gives it its id. */
    static Alert opened(AlertSignal signal, Instant now) {
        return new Alert(0, signal.rule(), signal.severity(), signal.dedupKey(), signal.time(), signal.time(), 1,
                signal.deviceId(), signal.sourceAddress(), signal.summary(), signal.evidence(), AlertState.OPEN,
                "hub", now, null);
    }

    /** This alert after one more signal of its key: counted, last seen moved on, evidence appended. */
    Alert repeated(AlertSignal signal) {
        List<AlertEvidence> more = new ArrayList<>(evidence);
        more.addAll(signal.evidence());
        Instant last = signal.time().isAfter(lastSeen) ? signal.time() : lastSeen;
        return new Alert(id, rule, severity, dedupKey, firstSeen, last, count + 1, deviceId, sourceAddress,
                signal.summary(), more, state, stateChangedBy, stateChangedTime, note);
    }

    Alert withState(AlertState newState, String actor, Instant time, String newNote) {
        return new Alert(id, rule, severity, dedupKey, firstSeen, lastSeen, count, deviceId, sourceAddress, summary,
                evidence, newState, actor, time, newNote);
    }

    Alert withId(long newId) {
        return new Alert(newId, rule, severity, dedupKey, firstSeen, lastSeen, count, deviceId, sourceAddress,
                summary, evidence, state, stateChangedBy, stateChangedTime, note);
    }

    private static List<AlertEvidence> newest(List<AlertEvidence> evidence) {
        List<AlertEvidence> all = evidence == null ? List.of() : evidence;
        return List.copyOf(all.size() <= MAX_EVIDENCE ? all : all.subList(all.size() - MAX_EVIDENCE, all.size()));
    }
}
