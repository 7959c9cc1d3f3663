package io.bulwark.hub.security.fleetaudit;

import java.time.Duration;
import java.util.Map;

/**
 * How often the fleet audit runs and its thresholds. Read from {@code BULWARK_FLEET_AUDIT_*} environment variables
 * (ISO-8601 durations such as {@code P1D}, {@code PT6H}), with safe defaults.
 *
 * @param interval            time between scheduled runs (default one day)
 * @param expiryWarning       a certificate expiring within this is a finding (default 30 days)
 * @param keyRotationPeriod   a key older than this is a finding (default 365 days)
 * @param reportsKept         the newest reports kept; older ones are deleted (default 100)
 */
public record FleetAuditSettings(Duration interval, Duration expiryWarning, Duration keyRotationPeriod,
                                 int reportsKept) {

    public static final FleetAuditSettings DEFAULTS = new FleetAuditSettings(Duration.ofDays(1), Duration.ofDays(30),
            Duration.ofDays(365), 100);

    public FleetAuditSettings {
        requirePositive(interval, "interval");
        requirePositive(expiryWarning, "expiry warning");
        requirePositive(keyRotationPeriod, "key rotation period");
        if (interval.compareTo(Duration.ofMinutes(1)) < 0) {
            throw new IllegalArgumentException("the fleet audit interval is at least one minute");
        }
        if (reportsKept < 1) {
            throw new IllegalArgumentException("at least one fleet audit report is kept");
        }
    }

    public static FleetAuditSettings fromEnvironment(Map<String, String> env) {
        return new FleetAuditSettings(
                duration(env, "BULWARK_FLEET_AUDIT_INTERVAL", DEFAULTS.interval()),
                duration(env, "BULWARK_FLEET_AUDIT_EXPIRY_WARNING", DEFAULTS.expiryWarning()),
                duration(env, "BULWARK_FLEET_AUDIT_KEY_ROTATION", DEFAULTS.keyRotationPeriod()),
                Integer.parseInt(env.getOrDefault("BULWARK_FLEET_AUDIT_REPORTS_KEPT",
                        String.valueOf(DEFAULTS.reportsKept())).trim()));
    }

    private static Duration duration(Map<String, String> env, String name, Duration fallback) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Duration.parse(value.trim());
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException(name + " must be an ISO-8601 duration such as P1D or PT6H");
        }
    }

    private static void requirePositive(Duration value, String what) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("the fleet audit " + what + " must be positive");
        }
    }
}
