package io.bulwark.hub.security.detect;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Counts events per key within a sliding time window, by the events' own times. Keeps at most {@code keep} times per
 * key (a count never needs to exceed the threshold it is compared with) and at most {@code maxKeys} keys, forgetting
 * the least recently used: an attacker spraying keys cannot grow it. Not thread-safe: one detector thread owns it.
 */
final class WindowCounter {

    private final Duration window;
    private final int keep;
    private final Map<String, Deque<Instant>> times;

    WindowCounter(Duration window, int keep, int maxKeys) {
        this.window = window;
        this.keep = keep;
        this.times = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Deque<Instant>> eldest) {
                return size() > maxKeys;
            }
        };
    }

    /** Adds one event for {@code key} at {@code at}; returns how many of its events lie within the window. */
    int add(String key, Instant at) {
        Deque<Instant> recent = times.computeIfAbsent(key, k -> new ArrayDeque<>());
        recent.addLast(at);
        while (recent.size() > keep) {
            recent.removeFirst();
        }
        Instant start = at.minus(window);
        while (!recent.isEmpty() && !recent.peekFirst().isAfter(start)) {
            recent.removeFirst();
        }
        return recent.size();
    }

    void reset(String key) {
        times.remove(key);
    }
}
