package io.bulwark.hub.security.fleetaudit;

import io.bulwark.hub.EnvironmentValues;
import java.time.Duration;
import java.util.Map;

/**
 * How often the fleet audit runs and its thresholds: part of {@code HubLimits} ({@code fleetAudit}), with safe
 * defaults. {@code bulwark up} sets it from the {@code BULWARK_FLEET_AUDIT_*} environment variables (ISO-8601
 * durations such as {@code P1D}, {@code PT6H}) through {@link #fromEnvironment}.
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

    /** Throws IllegalArgumentException naming the variable whose value does not parse or is out of range. */
    public static FleetAuditSettings fromEnvironment(Map<String, String> env) {
        EnvironmentValues values = new EnvironmentValues(env);
        return new FleetAuditSettings(
                values.duration("BULWARK_FLEET_AUDIT_INTERVAL", DEFAULTS.interval()),
                values.duration("BULWARK_FLEET_AUDIT_EXPIRY_WARNING", DEFAULTS.expiryWarning()),
                values.duration("BULWARK_FLEET_AUDIT_KEY_ROTATION", DEFAULTS.keyRotationPeriod()),
                values.count("BULWARK_FLEET_AUDIT_REPORTS_KEPT", DEFAULTS.reportsKept()));
    }

    private static void requirePositive(Duration value, String what) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("the fleet audit " + what + " must be positive");
        }
    }
}
