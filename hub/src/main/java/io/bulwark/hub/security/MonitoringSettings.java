package io.bulwark.hub.security;

import io.bulwark.hub.EnvironmentValues;
import java.util.Map;

/**
 * The detector thresholds as {@code bulwark up} reads them: one {@code BULWARK_MONITOR_*} variable per threshold of
 * {@link MonitoringLimits} (counts as whole numbers, windows and periods as ISO-8601 durations such as {@code PT5M}),
 * each falling back to the given limits. The names are listed in docs/security-alerts.md.
 */
public final class MonitoringSettings {

    private MonitoringSettings() {
    }

    /** Throws IllegalArgumentException naming the variable whose value does not parse or is out of range. */
    public static MonitoringLimits fromEnvironment(Map<String, String> env, MonitoringLimits defaults) {
        EnvironmentValues values = new EnvironmentValues(env);
        try {
            return new MonitoringLimits(
                    values.count("BULWARK_MONITOR_LOGIN_FAILURES", defaults.loginFailures()),
                    values.duration("BULWARK_MONITOR_LOGIN_WINDOW", defaults.loginWindow()),
                    values.count("BULWARK_MONITOR_IDENTITY_FAILURES", defaults.identityFailures()),
                    values.count("BULWARK_MONITOR_SOURCE_SLOW_AFTER", defaults.sourceSlowAfter()),
                    values.count("BULWARK_MONITOR_SOURCE_BLOCK_AFTER", defaults.sourceBlockAfter()),
                    values.duration("BULWARK_MONITOR_AUTH_WINDOW", defaults.authWindow()),
                    values.duration("BULWARK_MONITOR_SLOW_INTERVAL", defaults.slowInterval()),
                    values.duration("BULWARK_MONITOR_BLOCK_PERIOD", defaults.blockPeriod()),
                    defaults.exemptSources(),
                    values.count("BULWARK_MONITOR_FLAP_SWITCHES", defaults.flapSwitches()),
                    values.duration("BULWARK_MONITOR_FLAP_WINDOW", defaults.flapWindow()),
                    values.count("BULWARK_MONITOR_ACL_VIOLATIONS", defaults.aclViolations()),
                    values.duration("BULWARK_MONITOR_ACL_WINDOW", defaults.aclWindow()),
                    values.number("BULWARK_MONITOR_BASELINE_FACTOR", defaults.baselineFactor()),
                    values.count("BULWARK_MONITOR_BASELINE_WARM_UP", defaults.baselineWarmUp()),
                    values.count("BULWARK_MONITOR_BASELINE_FLOOR_BYTES", defaults.baselineFloorBytes()),
                    values.count("BULWARK_MONITOR_BASELINE_FLOOR_PER_MINUTE", defaults.baselineFloorPerMinute()),
                    values.duration("BULWARK_MONITOR_NETWORK_LEARNING", defaults.networkLearning()),
                    defaults.trafficBaseline());
        } catch (IllegalArgumentException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("BULWARK_")) {
                throw e;
            }
            // A value that parses but breaks a rule of the limits (e.g. slowed after more failures than blocked).
            throw new IllegalArgumentException("BULWARK_MONITOR_* settings: " + e.getMessage(), e);
        }
    }
}
