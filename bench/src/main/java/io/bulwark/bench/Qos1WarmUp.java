package io.bulwark.bench;

/**
 * How long each QoS 1 flat-out flood of a run goes untimed before it is counted. The run's first flood takes
 * {@code qos1-warm-up} seconds: on a fresh hub the JIT was still compiling the telemetry path through its first
 * seconds. Later floods find that path compiled and keep the one-second ramp in which the windows fill; warming each
 * of them up as long would store tens of seconds more of every payload size before the QoS 0 floods, and a larger
 * stream file is slower to append to (docs/performance-notes.md).
 */
final class Qos1WarmUp {

    /** The ramp every flood had before: a second for the devices' windows to fill. */
    static final int RAMP_SECONDS = 1;

    private final int firstSeconds;
    private boolean firstTaken;

    Qos1WarmUp(int firstSeconds) {
        if (firstSeconds < 0) {
            throw new IllegalArgumentException("warm-up seconds must not be negative");
        }
        this.firstSeconds = firstSeconds;
    }

    /** The untimed seconds of the next flood of this run. */
    synchronized int nextSeconds() {
        if (!firstTaken) {
            firstTaken = true;
            return firstSeconds;
        }
        return Math.min(RAMP_SECONDS, firstSeconds);
    }
}
