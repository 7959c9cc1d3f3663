package io.bulwark.hub.x509;

import java.time.Instant;
import java.util.Objects;

/**
 * A certificate the hub no longer accepts anywhere in a device's chain: leaf, intermediate or CA.
 *
 * @param subject the certificate's subject when the operator gave the certificate itself; null otherwise
 */
public record RevokedCertificate(CertificateId id, String subject, Instant revokedTime) {
    public RevokedCertificate {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(revokedTime, "revokedTime");
    }
}
