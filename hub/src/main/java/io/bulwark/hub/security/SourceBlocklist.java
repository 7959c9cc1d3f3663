package io.bulwark.hub.security;

import io.bulwark.hub.audit.Actor;
import io.bulwark.hub.audit.AuditLog;
import io.bulwark.hub.audit.AuditOutcome;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Source addresses that failed to authenticate too often (S-AUTH-7): first slowed down (one attempt per interval,
 * earlier ones refused without looking at their credentials), then blocked for a period. The MQTT connect path and the
 * HTTPS authentication path ask {@link #admit} before any credential is checked. Blocks live in memory: a restart
 * forgets them, as it forgets the failure counts that led to them. Sources in {@code exempt} are never slowed or
 * blocked (alerts are still raised for them).
 */
public final class SourceBlocklist {

    /** More entries than this and the ones ending soonest are dropped, so an address sweep cannot grow the table. */
    static final int MAX_ENTRIES = 100_000;

    private record Entry(SourceVerdict.Kind kind, Instant until, Duration interval, Instant lastAdmitted) {
    }

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final SourceExemptions exempt;
    private final AuditLog audit;
    private final Clock clock;

    public SourceBlocklist(SourceExemptions exempt, AuditLog audit, Clock clock) {
        this.exempt = exempt;
        this.audit = audit;
        this.clock = clock;
    }

    /** Whether an attempt from {@code source} may go on to authenticate now. */
    public SourceVerdict admit(String source) {
        Entry entry = entries.get(source);
        if (entry == null) {
            return SourceVerdict.ALLOWED;
        }
        Instant now = clock.instant();
        if (!now.isBefore(entry.until())) {
            entries.remove(source, entry);
            return SourceVerdict.ALLOWED;
        }
        if (entry.kind() == SourceVerdict.Kind.BLOCKED) {
            return new SourceVerdict(SourceVerdict.Kind.BLOCKED, entry.until());
        }
        if (entry.lastAdmitted() != null && now.isBefore(entry.lastAdmitted().plus(entry.interval()))) {
            return new SourceVerdict(SourceVerdict.Kind.THROTTLED, entry.until());
        }
        // One admitted attempt per interval; a race may admit two, which is harmless.
        entries.replace(source, entry, new Entry(entry.kind(), entry.until(), entry.interval(), now));
        return SourceVerdict.ALLOWED;
    }

    /**
     * Lets one attempt per {@code interval} through from {@code source} until {@code period} has passed; does not
     * weaken a block. Returns false for an exempt source.
     */
    public boolean slowDown(String source, Duration interval, Duration period, String reason) {
        if (exempt.covers(source)) {
            return false;
        }
        Instant until = clock.instant().plus(period);
        Entry current = entries.get(source);
        if (current != null && current.kind() == SourceVerdict.Kind.BLOCKED && current.until().isAfter(until)) {
            return true;
        }
        put(source, new Entry(SourceVerdict.Kind.THROTTLED, until, interval, null));
        audit.record(Actor.HUB, "security.source-slowed", "source:" + source, AuditOutcome.SUCCESS,
                "one attempt per " + interval.toMillis() + " ms until " + until + ": " + reason);
        return true;
    }

    /** Refuses every attempt from {@code source} for {@code period}. Returns false for an exempt source. */
    public boolean block(Actor actor, String source, Duration period, String reason) {
        if (exempt.covers(source)) {
            return false;
        }
        Instant until = clock.instant().plus(period);
        put(source, new Entry(SourceVerdict.Kind.BLOCKED, until, Duration.ZERO, null));
        audit.record(actor, "security.source-blocked", "source:" + source, AuditOutcome.SUCCESS,
                "blocked until " + until + ": " + reason);
        return true;
    }

    /** Ends a slow-down or block early. Returns false when the source was neither. */
    public boolean unblock(Actor actor, String source) {
        Entry removed = entries.remove(source);
        if (removed == null || !clock.instant().isBefore(removed.until())) {
            return false;
        }
        audit.record(actor, "security.source-unblocked", "source:" + source, AuditOutcome.SUCCESS,
                (removed.kind() == SourceVerdict.Kind.BLOCKED ? "was blocked" : "was slowed") + " until "
                        + removed.until());
        return true;
    }

    public boolean isExempt(String source) {
        return exempt.covers(source);
    }

    /** Sources currently slowed down or blocked, with when that ends. */
    public Map<String, SourceVerdict> current() {
        Instant now = clock.instant();
        Map<String, SourceVerdict> live = new java.util.TreeMap<>();
        entries.forEach((source, entry) -> {
            if (now.isBefore(entry.until())) {
                live.put(source, new SourceVerdict(entry.kind(), entry.until()));
            }
        });
        return live;
    }

    private void put(String source, Entry entry) {
        if (entries.size() >= MAX_ENTRIES && !entries.containsKey(source)) {
            Instant now = clock.instant();
            entries.entrySet().removeIf(e -> !now.isBefore(e.getValue().until()));
            if (entries.size() >= MAX_ENTRIES) {
                List<String> soonest = entries.entrySet().stream()
                        .sorted(Comparator.comparing(e -> e.getValue().until()))
                        .limit(MAX_ENTRIES / 10).map(Map.Entry::getKey).toList();
                soonest.forEach(entries::remove);
            }
        }
        entries.put(source, entry);
    }
}
