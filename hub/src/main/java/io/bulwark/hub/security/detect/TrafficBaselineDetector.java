package io.bulwark.hub.security.detect;

import io.bulwark.hub.security.alert.AlertSeverity;
import io.bulwark.hub.security.alert.AlertSignal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Rules {@code traffic-size} and {@code traffic-rate}: each device's own message size and messages per minute are
 * learned as exponentially weighted moving averages (weight {@value #ALPHA} for the newest value). Once a device has
 * {@code warmUp} messages (for size) or minutes (for rate) behind it, a message larger than {@code factor} times its
 * average size, or a minute with more than {@code factor} times its average count, is a medium alert: exfiltration,
 * a flood from a compromised device, or a firmware gone wrong. The floors keep tiny averages from alerting on normal
 * noise; outliers are not learned, so an alert does not teach the baseline to accept the next one.
 */
public final class TrafficBaselineDetector implements TelemetryDetector {

    public static final String SIZE_RULE = "traffic-size";
    public static final String RATE_RULE = "traffic-rate";
    static final double ALPHA = 0.1;
    private static final int MAX_DEVICES = 100_000;
    /** Idle minutes folded into the rate average at most, so a long silence does not cost a long loop. */
    private static final int MAX_IDLE_MINUTES = 60;

    private static final class Baseline {
        double size;
        long sizes;
        double rate;
        long minutes;
        long minute = -1;
        int count;
        long minuteThreshold = Long.MAX_VALUE;
    }

    private final double factor;
    private final int warmUp;
    private final int floorBytes;
    private final int floorPerMinute;
    private final Map<String, Baseline> baselines = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Baseline> eldest) {
            return size() > MAX_DEVICES;
        }
    };

    public TrafficBaselineDetector(double factor, int warmUp, int floorBytes, int floorPerMinute) {
        this.factor = factor;
        this.warmUp = warmUp;
        this.floorBytes = floorBytes;
        this.floorPerMinute = floorPerMinute;
    }

    @Override
    public List<AlertSignal> inspect(TelemetrySample sample) {
        Baseline baseline = baselines.computeIfAbsent(sample.deviceId(), id -> new Baseline());
        AlertSignal size = checkSize(baseline, sample);
        AlertSignal rate = checkRate(baseline, sample);
        return size == null ? rate == null ? List.of() : List.of(rate) : rate == null ? List.of(size)
                : List.of(size, rate);
    }

    private AlertSignal checkSize(Baseline baseline, TelemetrySample sample) {
        if (baseline.sizes >= warmUp && sample.bytes() >= floorBytes && sample.bytes() > factor * baseline.size) {
            return signal(SIZE_RULE, sample, "a " + sample.bytes() + "-byte message from " + sample.deviceId()
                    + ", " + Math.round(sample.bytes() / Math.max(baseline.size, 1)) + " times its average of "
                    + Math.round(baseline.size) + " bytes");
        }
        baseline.size = baseline.sizes == 0 ? sample.bytes() : ALPHA * sample.bytes() + (1 - ALPHA) * baseline.size;
        baseline.sizes++;
        return null;
    }

    private AlertSignal checkRate(Baseline baseline, TelemetrySample sample) {
        long minute = sample.enqueuedTime().getEpochSecond() / 60;
        if (minute > baseline.minute) {
            closeMinute(baseline, minute);
        }
        baseline.count++;
        if (baseline.count != baseline.minuteThreshold) {
            return null;
        }
        return signal(RATE_RULE, sample, sample.deviceId() + " sent " + baseline.count + " messages within a "
                + "minute, more than " + factor + " times its average of " + Math.round(baseline.rate));
    }

    private void closeMinute(Baseline baseline, long minute) {
        if (baseline.minute >= 0) {
            // A minute that alerted is not learned; idle minutes in between count as zero.
            if (baseline.count < baseline.minuteThreshold) {
                learnRate(baseline, baseline.count);
            }
            long idle = Math.min(minute - baseline.minute - 1, MAX_IDLE_MINUTES);
            for (long i = 0; i < idle; i++) {
                learnRate(baseline, 0);
            }
        }
        baseline.minute = minute;
        baseline.count = 0;
        baseline.minuteThreshold = baseline.minutes >= warmUp
                ? Math.max(floorPerMinute, (long) Math.floor(factor * baseline.rate) + 1) : Long.MAX_VALUE;
    }

    private static void learnRate(Baseline baseline, int count) {
        baseline.rate = baseline.minutes == 0 ? count : ALPHA * count + (1 - ALPHA) * baseline.rate;
        baseline.minutes++;
    }

    private static AlertSignal signal(String rule, TelemetrySample sample, String summary) {
        return new AlertSignal(rule, AlertSeverity.MEDIUM, rule + ":" + sample.deviceId(), sample.deviceId(), null,
                summary, List.of(sample.evidence()), sample.enqueuedTime());
    }
}
