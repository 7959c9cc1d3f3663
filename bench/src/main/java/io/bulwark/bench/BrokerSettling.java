package io.bulwark.bench;

import java.util.Locale;

/**
 * Waits, before a phase, until the broker has settled from whatever ran before it ({@link SettleRule}: CPU near
 * idle, telemetry stream no longer growing), at most {@link #BOUND_SECONDS}, and records how long the broker took to
 * get quiet as the phase's {@code settle_s} figure (0 for a broker that was idle already; the quiet samples that prove
 * it, 1.5 s, are not counted), so that a phase that started on a busy broker says so.
 */
final class BrokerSettling {

    static final int BOUND_SECONDS = 60;
    /** A tenth of one core: an idle hub (keep-alives, its followers' one-second waits) stays well under it. */
    static final double IDLE_CORES = 0.10;
    private static final long SAMPLE_MILLIS = 500;
    /** Three quiet half-seconds in a row. */
    private static final int QUIET_SAMPLES = 3;

    private final RunContext run;

    BrokerSettling(RunContext run) {
        this.run = run;
    }

    /** Waits for the broker to settle and adds {@code scenario}'s {@code settle_s}; returns the seconds waited. */
    double before(String scenario) throws Exception {
        SettleRule rule = new SettleRule(IDLE_CORES, QUIET_SAMPLES);
        SettleRule.Sample first = sample();
        long start = first.nanos();
        long deadline = start + BOUND_SECONDS * 1_000_000_000L;
        boolean settled = rule.observe(first);
        while (!settled && System.nanoTime() < deadline) {
            Thread.sleep(SAMPLE_MILLIS);
            settled = rule.observe(sample());
        }
        double waited = (System.nanoTime() - start) / 1e9;
        double seconds = settled ? (rule.quietSinceNanos() - start) / 1e9 : waited;
        String note = settled ? "" : String.format(Locale.ROOT,
                "not settled after %d s: broker CPU %.2f cores%s; the phase ran anyway", BOUND_SECONDS,
                rule.lastCores(), rule.lastGrew() ? ", telemetry stream still growing" : "");
        System.out.printf(Locale.ROOT, "settle before %s: %.1f s (waited %.1f s)%s%n", scenario, seconds, waited,
                note.isEmpty() ? "" : " (" + note + ")");
        run.add(new Figure(scenario, "settle_s", seconds, "s", note));
        return seconds;
    }

    private SettleRule.Sample sample() throws Exception {
        return new SettleRule.Sample(System.nanoTime(), run.broker().process().cpuSeconds(),
                run.broker().storedTelemetry());
    }
}
