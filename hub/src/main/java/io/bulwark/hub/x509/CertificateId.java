package io.bulwark.hub.x509;

import io.bulwark.hub.HubException;
import java.math.BigInteger;
import java.security.cert.X509Certificate;
import java.util.Locale;
import java.util.regex.Pattern;
import javax.security.auth.x500.X500Principal;

/**
 * What names one certificate for revocation: its SHA-256 thumbprint, its issuer and serial number, or both. A
 * certificate the hub has seen is known by all three; an operator who only has a CRL entry or an inventory list may
 * know only one of them, so either is enough to match.
 *
 * @param thumbprint   64 lower-case hex digits, or null
 * @param issuer       the issuer's distinguished name in RFC 2253 canonical form (so that spellings compare equal)
 * @param serialNumber lower-case hex without leading zeros; null exactly when {@code issuer} is
 */
public record CertificateId(String thumbprint, String issuer, String serialNumber) {

    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

    public CertificateId {
        if (thumbprint != null && !SHA256_HEX.matcher(thumbprint).matches()) {
            throw new IllegalArgumentException("thumbprint must be 64 lower-case hex digits");
        }
        if ((issuer == null) != (serialNumber == null)) {
            throw new IllegalArgumentException("issuer and serialNumber go together");
        }
        if (thumbprint == null && issuer == null) {
            throw new IllegalArgumentException("a certificate id needs a thumbprint or an issuer and serial number");
        }
    }

    public static CertificateId of(X509Certificate certificate) {
        return new CertificateId(Certificates.thumbprint(certificate),
                certificate.getIssuerX500Principal().getName(X500Principal.CANONICAL),
                certificate.getSerialNumber().toString(16));
    }

    /** From operator input: a thumbprint with optional colons, or an issuer DN with a hex serial number. */
    public static CertificateId parse(String thumbprint, String issuer, String serialNumber) {
        String normalThumbprint = null;
        if (thumbprint != null) {
            normalThumbprint = thumbprint.replace(":", "").toLowerCase(Locale.ROOT);
            if (!SHA256_HEX.matcher(normalThumbprint).matches()) {
                throw new HubException.Invalid("invalid-certificate-id",
                        "thumbprint must be a SHA-256 thumbprint: 64 hex digits, colons allowed");
            }
        }
        if ((issuer == null) != (serialNumber == null)) {
            throw new HubException.Invalid("invalid-certificate-id", "issuer and serialNumber must be given together");
        }
        if (normalThumbprint == null && issuer == null) {
            throw new HubException.Invalid("invalid-certificate-id",
                    "give the certificate (PEM), its thumbprint, or its issuer and serialNumber");
        }
        String canonicalIssuer = null;
        String normalSerial = null;
        if (issuer != null) {
            try {
                canonicalIssuer = new X500Principal(issuer).getName(X500Principal.CANONICAL);
                normalSerial = new BigInteger(serialNumber.replace(":", ""), 16).toString(16);
            } catch (IllegalArgumentException e) {
                throw new HubException.Invalid("invalid-certificate-id",
                        "issuer must be a distinguished name (e.g. CN=Fleet Root CA) and serialNumber hex digits");
            }
        }
        return new CertificateId(normalThumbprint, canonicalIssuer, normalSerial);
    }

    /** True when {@code presented} is the certificate this id names (by thumbprint, or by issuer and serial). */
    public boolean matches(CertificateId presented) {
        return thumbprint != null && thumbprint.equals(presented.thumbprint)
                || issuer != null && issuer.equals(presented.issuer) && serialNumber.equals(presented.serialNumber);
    }

    /** For audit targets and messages: the thumbprint where known. */
    public String label() {
        return thumbprint != null ? thumbprint : "issuer " + issuer + " serial " + serialNumber;
    }
}
