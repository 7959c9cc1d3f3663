package io.bulwark.hub.security;

import java.time.Duration;
import java.util.Objects;

/**
 * The thresholds of the security detectors and of source blocking (part of {@code HubLimits}, documented in
 * docs/security-alerts.md and the README). Counts are "at least this many within the window".
 *
 * @param loginFailures          local login failures on one device that make a brute-force alert
 * @param loginWindow            the window of {@code loginFailures}
 * @param identityFailures       hub authentication failures naming one identity that make an alert
 * @param sourceSlowAfter        hub authentication failures from one source address after which it is slowed down
 * @param sourceBlockAfter       failures from one source after which it is blocked (S-AUTH-7)
 * @param authWindow             the window of the three counts above
 * @param slowInterval           a slowed source may try once per this interval
 * @param blockPeriod            how long a source stays blocked (and slowed)
 * @param exemptSources          never slowed or blocked (default: loopback, see {@link SourceExemptions})
 * @param flapSwitches           takeovers of one identity by a connection from another source address than the
 *                               previous one, within {@code flapWindow}, that make a cloned-credential alert
 * @param flapWindow             the window of {@code flapSwitches}
 * @param aclViolations          refused publishes or subscriptions of one device within {@code aclWindow}
 * @param aclWindow              the window of {@code aclViolations}
 * @param baselineFactor         a device's message size or per-minute rate this many times its own average alerts
 * @param baselineWarmUp         messages (for size) and minutes (for rate) a device's average is learned before
 * @param baselineFloorBytes     smaller messages never alert on size, whatever the average
 * @param baselineFloorPerMinute lower minute counts never alert on rate, whatever the average
 * @param networkLearning        how long after the hub first sees a device its source networks are only learned
 * @param trafficBaseline        whether the traffic-size and traffic-rate rules run (default on; off saves their
 *                               follower of the telemetry stream, {@code BULWARK_TRAFFIC_BASELINE=off})
 */
public record MonitoringLimits(int loginFailures, Duration loginWindow, int identityFailures, int sourceSlowAfter,
                               int sourceBlockAfter, Duration authWindow, Duration slowInterval,
                               Duration blockPeriod, SourceExemptions exemptSources, int flapSwitches,
                               Duration flapWindow, int aclViolations, Duration aclWindow, double baselineFactor,
                               int baselineWarmUp, int baselineFloorBytes, int baselineFloorPerMinute,
                               Duration networkLearning, boolean trafficBaseline) {

    public static final MonitoringLimits DEFAULTS = new MonitoringLimits(5, Duration.ofMinutes(5), 10, 10, 20,
            Duration.ofMinutes(5), Duration.ofSeconds(2), Duration.ofMinutes(15), SourceExemptions.LOOPBACK_ONLY,
            4, Duration.ofMinutes(10), 3, Duration.ofMinutes(10), 10.0, 30, 4096, 60, Duration.ofDays(1), true);

    public MonitoringLimits {
        if (loginFailures < 1 || identityFailures < 1 || sourceSlowAfter < 1 || sourceBlockAfter < 1
                || flapSwitches < 1 || aclViolations < 1 || baselineWarmUp < 1 || baselineFloorBytes < 0
                || baselineFloorPerMinute < 0) {
            throw new IllegalArgumentException("detector counts must be positive");
        }
        if (sourceSlowAfter > sourceBlockAfter) {
            throw new IllegalArgumentException("a source is slowed down before it is blocked");
        }
        if (!(baselineFactor > 1.0)) {
            throw new IllegalArgumentException("the baseline factor must be greater than 1");
        }
        for (Duration duration : new Duration[] {loginWindow, authWindow, slowInterval, blockPeriod, flapWindow,
                aclWindow}) {
            if (duration == null || duration.isNegative() || duration.isZero()) {
                throw new IllegalArgumentException("detector windows and periods must be positive");
            }
        }
        Objects.requireNonNull(networkLearning, "networkLearning");
        Objects.requireNonNull(exemptSources, "exemptSources");
    }

    /** Source blocking as a test or a small deployment wants it: thresholds, period, exemptions. */
    public MonitoringLimits withSourceBlocking(int slowAfter, int blockAfter, Duration slow, Duration period,
                                               SourceExemptions exempt) {
        return new MonitoringLimits(loginFailures, loginWindow, identityFailures, slowAfter, blockAfter, authWindow,
                slow, period, exempt, flapSwitches, flapWindow, aclViolations, aclWindow, baselineFactor,
                baselineWarmUp, baselineFloorBytes, baselineFloorPerMinute, networkLearning,
                trafficBaseline);
    }

    public MonitoringLimits withFlapping(int switches, Duration window) {
        return new MonitoringLimits(loginFailures, loginWindow, identityFailures, sourceSlowAfter, sourceBlockAfter,
                authWindow, slowInterval, blockPeriod, exemptSources, switches, window, aclViolations, aclWindow,
                baselineFactor, baselineWarmUp, baselineFloorBytes, baselineFloorPerMinute, networkLearning,
                trafficBaseline);
    }

    public MonitoringLimits withNetworkLearning(Duration learning) {
        return new MonitoringLimits(loginFailures, loginWindow, identityFailures, sourceSlowAfter, sourceBlockAfter,
                authWindow, slowInterval, blockPeriod, exemptSources, flapSwitches, flapWindow, aclViolations,
                aclWindow, baselineFactor, baselineWarmUp, baselineFloorBytes, baselineFloorPerMinute, learning,
                trafficBaseline);
    }

    public MonitoringLimits withBaseline(double factor, int warmUp, int floorBytes, int floorPerMinute) {
        return new MonitoringLimits(loginFailures, loginWindow, identityFailures, sourceSlowAfter, sourceBlockAfter,
                authWindow, slowInterval, blockPeriod, exemptSources, flapSwitches, flapWindow, aclViolations,
                aclWindow, factor, warmUp, floorBytes, floorPerMinute, networkLearning, trafficBaseline);
    }

    /** The traffic-size and traffic-rate rules on or off; the other detectors run either way. */
    public MonitoringLimits withTrafficBaseline(boolean on) {
        return new MonitoringLimits(loginFailures, loginWindow, identityFailures, sourceSlowAfter, sourceBlockAfter,
                authWindow, slowInterval, blockPeriod, exemptSources, flapSwitches, flapWindow, aclViolations,
                aclWindow, baselineFactor, baselineWarmUp, baselineFloorBytes, baselineFloorPerMinute,
                networkLearning, on);
    }
}
