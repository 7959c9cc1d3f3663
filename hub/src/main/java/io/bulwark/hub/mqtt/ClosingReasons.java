package io.bulwark.hub.mqtt;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Says in the log why the hub closed device connections, so that no close it initiates is silent. One line per reason
 * at most once a minute, with how many connections it closed since the last line: a thousand connections closed for
 * one cause make one line, not a thousand. The reason names a cause and, for the first, the device; never a payload or
 * a credential (S-DATA-4). Shared by all connections.
 */
final class ClosingReasons {

    private static final Logger LOG = LoggerFactory.getLogger(ClosingReasons.class);
    private static final long INTERVAL = TimeUnit.MINUTES.toNanos(1);

    private final ConcurrentHashMap<String, Tally> tallies = new ConcurrentHashMap<>();

    private static final class Tally {
        final AtomicLong since = new AtomicLong();
        volatile long lastLine = System.nanoTime() - INTERVAL;
    }

    /** A connection of {@code device} was closed by the hub because of {@code reason} (a fixed phrase). */
    void closed(String reason, String device) {
        Tally tally = tallies.computeIfAbsent(reason, r -> new Tally());
        long count = tally.since.incrementAndGet();
        long now = System.nanoTime();
        synchronized (tally) {
            if (now - tally.lastLine < INTERVAL) {
                return;
            }
            tally.lastLine = now;
            tally.since.addAndGet(-count);
        }
        LOG.warn("closed {} device connection(s) in the last minute: {} (latest: {})", count, reason, device);
    }
}
