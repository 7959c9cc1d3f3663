package io.bulwark.bench;

import java.util.OptionalLong;

/**
 * When a broker counts as settled from the previous phase: for {@code quietSamples} sampling intervals in a row its
 * process used at most {@code idleCores} of CPU (from /proc/PID/stat) and its telemetry stream, where it has one, did
 * not grow. A broker that still drains a backlog (a QoS 0 flood's socket buffers, a stream writer's queue) fails
 * both; one that only answers keep-alives and the driver's offset reads passes. Feed it samples with {@link #observe};
 * it remembers only the previous sample and the run of quiet intervals.
 */
final class SettleRule {

    /** One reading of the broker: when, its process's CPU seconds so far, its stream's newest offset if it has one. */
    record Sample(long nanos, double cpuSeconds, OptionalLong stored) {
    }

    private final double idleCores;
    private final int quietSamples;
    private Sample previous;
    private int quiet;
    private long quietSince;
    private double lastCores = Double.NaN;
    private boolean lastGrew;

    SettleRule(double idleCores, int quietSamples) {
        if (!(idleCores > 0) || quietSamples < 1) {
            throw new IllegalArgumentException("idleCores must be above 0 and quietSamples at least 1");
        }
        this.idleCores = idleCores;
        this.quietSamples = quietSamples;
    }

    /** Takes the next sample; true once the last {@code quietSamples} intervals were all quiet. */
    boolean observe(Sample sample) {
        if (previous != null) {
            double seconds = (sample.nanos() - previous.nanos()) / 1e9;
            if (seconds <= 0) {
                throw new IllegalArgumentException("samples must come in time order");
            }
            lastCores = (sample.cpuSeconds() - previous.cpuSeconds()) / seconds;
            lastGrew = !sample.stored().equals(previous.stored());
            // An unreadable CPU time (NaN: the process is gone) is never quiet.
            boolean quietNow = lastCores <= idleCores && !lastGrew;
            if (quietNow && quiet == 0) {
                quietSince = previous.nanos();
            }
            quiet = quietNow ? quiet + 1 : 0;
        }
        previous = sample;
        return quiet >= quietSamples;
    }

    /**
     * When the run of quiet intervals that settled it began: the time the broker took to settle is this minus the
     * first sample's time (the quiet intervals that prove it are not counted).
     */
    long quietSinceNanos() {
        if (quiet < quietSamples) {
            throw new IllegalStateException("not settled");
        }
        return quietSince;
    }

    /** CPU cores the broker used over the last interval (NaN before the second sample). */
    double lastCores() {
        return lastCores;
    }

    /** Whether the stream grew over the last interval. */
    boolean lastGrew() {
        return lastGrew;
    }
}
