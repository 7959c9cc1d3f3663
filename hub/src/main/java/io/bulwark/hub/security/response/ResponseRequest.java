package io.bulwark.hub.security.response;

import io.bulwark.hub.HubException;
import java.time.Duration;
import java.util.Objects;

/**
 * One response action asked for on an alert.
 *
 * @param period     for {@code blockSource}: how long; null for the configured default
 * @param thumbprint for {@code revokeCertificate}: the certificate to revoke when the registry does not know it
 *                   (CA-signed devices); null to revoke the device's registered thumbprints
 */
public record ResponseRequest(ResponseAction action, Duration period, String thumbprint) {

    public static final Duration MAX_BLOCK = Duration.ofDays(30);

    public ResponseRequest {
        Objects.requireNonNull(action, "action");
        if (period != null && (period.isNegative() || period.isZero() || period.compareTo(MAX_BLOCK) > 0)) {
            throw new HubException.Invalid("invalid-period", "a block lasts from 1 second to 30 days");
        }
    }
}
