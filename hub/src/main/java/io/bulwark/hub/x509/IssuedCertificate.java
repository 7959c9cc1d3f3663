package io.bulwark.hub.x509;

import io.bulwark.hub.registry.IdentityId;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Objects;

/**
 * A device certificate the hub CA issued, as recorded for listing and for revocation by serial number.
 *
 * @param serialNumber lower-case hex, as in CRLs and {@link CertificateId}
 * @param origin       who asked for it: an operator over REST, or the device itself over its connection
 */
public record IssuedCertificate(IdentityId identity, String serialNumber, String thumbprint, Instant notBefore,
                                Instant notAfter, Instant issuedTime, Origin origin, X509Certificate certificate) {

    /** How a certificate came to be issued; the wire names appear in the REST API and the store. */
    public enum Origin {
        REST("rest"), RENEWAL("renewal");

        private final String wireName;

        Origin(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }

        public static Origin fromWireName(String value) {
            for (Origin origin : values()) {
                if (origin.wireName.equals(value)) {
                    return origin;
                }
            }
            throw new IllegalArgumentException("unknown certificate origin " + value);
        }
    }

    public IssuedCertificate {
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(serialNumber, "serialNumber");
        Objects.requireNonNull(thumbprint, "thumbprint");
        Objects.requireNonNull(notBefore, "notBefore");
        Objects.requireNonNull(notAfter, "notAfter");
        Objects.requireNonNull(issuedTime, "issuedTime");
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(certificate, "certificate");
    }

    static IssuedCertificate of(IdentityId identity, X509Certificate certificate, Instant issuedTime, Origin origin) {
        return new IssuedCertificate(identity, certificate.getSerialNumber().toString(16),
                Certificates.thumbprint(certificate), certificate.getNotBefore().toInstant(),
                certificate.getNotAfter().toInstant(), issuedTime, origin, certificate);
    }
}
