package io.bulwark.hub.x509;

import java.time.Duration;
import java.util.Objects;

/**
 * Bounds on the device certificates the hub CA issues.
 *
 * @param defaultValidity  how long an issued certificate is valid when the request names no validity; short, so a
 *                         certificate that leaks stops working soon without anyone revoking it
 * @param maxValidity      the longest validity a request may ask for
 * @param renewalInterval  how soon after one renewal over its connection a device may renew again
 */
public record IssuanceLimits(Duration defaultValidity, Duration maxValidity, Duration renewalInterval) {

    public static final IssuanceLimits DEFAULTS = new IssuanceLimits(Duration.ofDays(30), Duration.ofDays(365),
            Duration.ofHours(1));

    public IssuanceLimits {
        Objects.requireNonNull(defaultValidity, "defaultValidity");
        Objects.requireNonNull(maxValidity, "maxValidity");
        Objects.requireNonNull(renewalInterval, "renewalInterval");
        if (defaultValidity.compareTo(Duration.ofHours(1)) < 0 || maxValidity.compareTo(defaultValidity) < 0
                || renewalInterval.isNegative()) {
            throw new IllegalArgumentException("certificate validity must be at least an hour, the maximum at least "
                    + "the default, and the renewal interval not negative");
        }
    }
}
