package io.bulwark.bench;

import java.util.concurrent.locks.LockSupport;
import java.util.function.IntPredicate;

/**
 * Runs a fixed-rate phase on the calling thread: about every half millisecond it asks a {@link RatePacer} what is due
 * and calls {@code send} that many times with a running index (which device is next is the caller's choice). One
 * thread paces a whole phase, whatever the number of connections.
 */
final class PacedLoop {

    /** What a paced phase did: sent, refused by {@code send} (returned false), or dropped from the schedule. */
    record Outcome(long sent, long refused, long missed, double seconds) {
    }

    private PacedLoop() {
    }

    static Outcome run(double perSecond, int seconds, IntPredicate send) {
        long start = System.nanoTime();
        long end = start + seconds * 1_000_000_000L;
        // A tick may carry up to 10 ms worth: enough to catch up after a pause, too little to be a flood.
        RatePacer pacer = new RatePacer(perSecond, (int) Math.max(1, perSecond / 100), start);
        long sent = 0;
        long refused = 0;
        int index = 0;
        for (long now = start; now < end; now = System.nanoTime()) {
            for (int n = pacer.take(now); n > 0; n--) {
                if (send.test(index++)) {
                    sent++;
                } else {
                    refused++;
                }
            }
            LockSupport.parkNanos(500_000);
        }
        return new Outcome(sent, refused, pacer.missed(), (System.nanoTime() - start) / 1e9);
    }
}
