package io.bulwark.bench;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;

/**
 * The messages of a phase slower than a threshold, counted per second of wall-clock time they arrived in, with the
 * slowest of each second. A p99 says how many were late, this says when: one stall (every late message in one
 * second) or a spread, and at which time, to set beside the hub's GC log and a profile. Written from the event loops.
 */
final class LateMessages {

    /** How many seconds a printed summary names at most, the ones with the most late messages. */
    static final int SECONDS_PRINTED = 5;

    private final long thresholdMicros;
    private final Map<Long, Second> seconds = new ConcurrentHashMap<>();

    LateMessages(long thresholdMicros) {
        this.thresholdMicros = thresholdMicros;
    }

    void record(long latencyMicros, long arrivedEpochMillis) {
        if (latencyMicros <= thresholdMicros) {
            return;
        }
        Second second = seconds.computeIfAbsent(arrivedEpochMillis / 1_000, s -> new Second());
        second.count.increment();
        second.slowest.accumulate(latencyMicros);
    }

    /** Forgets what was recorded, for the next phase. */
    void reset() {
        seconds.clear();
    }

    long total() {
        return seconds.values().stream().mapToLong(second -> second.count.sum()).sum();
    }

    /**
     * For example {@code 97 over 10 ms in 2 s; 2026-12-02T03:58:21Z: 95 (slowest 111.0 ms), ...}: the seconds with
     * the most late messages, in time order.
     */
    String summary() {
        if (seconds.isEmpty()) {
            return "none over " + thresholdMicros / 1_000.0 + " ms";
        }
        ConcurrentSkipListMap<Long, Second> worst = new ConcurrentSkipListMap<>();
        seconds.entrySet().stream()
                .sorted((a, b) -> Long.compare(b.getValue().count.sum(), a.getValue().count.sum()))
                .limit(SECONDS_PRINTED).forEach(entry -> worst.put(entry.getKey(), entry.getValue()));
        return total() + " over " + thresholdMicros / 1_000.0 + " ms in " + seconds.size() + " s; "
                + worst.entrySet().stream().map(entry -> Instant.ofEpochSecond(entry.getKey()) + ": "
                        + entry.getValue().count.sum() + " (slowest " + entry.getValue().slowest.get() / 1_000.0
                        + " ms)").collect(Collectors.joining(", "));
    }

    private static final class Second {
        final LongAdder count = new LongAdder();
        final LongAccumulator slowest = new LongAccumulator(Math::max, 0);
    }
}
