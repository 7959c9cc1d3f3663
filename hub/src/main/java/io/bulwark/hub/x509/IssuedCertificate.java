package io.bulwark.hub.x509;

import io.bulwark.hub.registry.IdentityId;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Objects;

/**
 * A device certificate the hub CA issued, as recorded for listing and for revocation by serial number.
 *
 * @param serialNumber lower-case hex, as in CRLs and {@link CertificateId}
 * @param how          {@code rest} (issued on an operator's request) or {@code renewal} (asked for by the device over
 *                     its authenticated connection)
 */
public record IssuedCertificate(IdentityId identity, String serialNumber, String thumbprint, Instant notBefore,
                                Instant notAfter, Instant issuedTime, String how, X509Certificate certificate) {

    public IssuedCertificate {
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(serialNumber, "serialNumber");
        Objects.requireNonNull(thumbprint, "thumbprint");
        Objects.requireNonNull(notBefore, "notBefore");
        Objects.requireNonNull(notAfter, "notAfter");
        Objects.requireNonNull(issuedTime, "issuedTime");
        Objects.requireNonNull(certificate, "certificate");
        if (!how.equals("rest") && !how.equals("renewal")) {
            throw new IllegalArgumentException("how is rest or renewal");
        }
    }

    static IssuedCertificate of(IdentityId identity, X509Certificate certificate, Instant issuedTime, String how) {
        return new IssuedCertificate(identity, certificate.getSerialNumber().toString(16),
                Certificates.thumbprint(certificate), certificate.getNotBefore().toInstant(),
                certificate.getNotAfter().toInstant(), issuedTime, how, certificate);
    }
}
