package io.bulwark.bench;

/**
 * How many messages a fixed-rate phase owes at each tick: the count due since the start at {@code perSecond}, less
 * what was already sent, and never more than {@code maxBurst} at once (after a stall the pacer does not fire a flood
 * that would measure the driver's catch-up instead of the broker). What it could not send in time is counted as
 * missed, so a phase that did not keep its rate says so.
 */
final class RatePacer {

    private final double perSecond;
    private final int maxBurst;
    private final long start;
    private long issued;
    private long missed;

    RatePacer(double perSecond, int maxBurst, long startNanos) {
        if (!(perSecond > 0) || Double.isInfinite(perSecond)) {
            throw new IllegalArgumentException("perSecond must be a positive rate");
        }
        if (maxBurst < 1) {
            throw new IllegalArgumentException("maxBurst must be at least 1");
        }
        this.perSecond = perSecond;
        this.maxBurst = maxBurst;
        this.start = startNanos;
    }

    /** How many to send now; the rest of what is due, beyond the burst, is dropped from the schedule as missed. */
    int take(long nowNanos) {
        long due = (long) Math.floor(perSecond * Math.max(0, nowNanos - start) / 1e9);
        long owed = due - issued - missed;
        if (owed <= 0) {
            return 0;
        }
        int now = (int) Math.min(owed, maxBurst);
        issued += now;
        missed += owed - now;
        return now;
    }

    long issued() {
        return issued;
    }

    long missed() {
        return missed;
    }
}
