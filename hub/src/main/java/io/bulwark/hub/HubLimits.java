package io.bulwark.hub;

import java.time.Duration;

/**
 * Every bound the hub puts on what comes from outside, in one place, with safe defaults. Each is documented in the
 * README's configuration table.
 *
 * @param maxRequestBytes  largest request body the REST API reads (except bulk import)
 * @param maxImportBytes   largest bulk import body
 * @param maxImportLines   most identities in one bulk import
 * @param sasClockSkew     how far a token's expiry may lie in the past and still be accepted (clock drift)
 */
public record HubLimits(long maxRequestBytes, long maxImportBytes, int maxImportLines, Duration sasClockSkew) {

    public static final HubLimits DEFAULTS = new HubLimits(256 * 1024, 512L * 1024 * 1024, 1_000_000,
            Duration.ofMinutes(5));

    public HubLimits {
        if (maxRequestBytes < 1024 || maxImportBytes < maxRequestBytes || maxImportLines < 1) {
            throw new IllegalArgumentException("limits must be positive and import limits at least the request limit");
        }
        if (sasClockSkew.isNegative() || sasClockSkew.compareTo(Duration.ofMinutes(15)) > 0) {
            throw new IllegalArgumentException("SAS clock skew must be between 0 and 15 minutes");
        }
    }
}
