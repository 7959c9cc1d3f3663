package io.bulwark.hub.x509;

import io.bulwark.hub.HubException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A CA certificate registered on the hub. Until its owner proved possession of the CA's key (a certificate with the
 * {@link #verificationCode()} as CN, signed by the CA) it is unverified and authenticates no device.
 *
 * @param verificationCode the open challenge while unverified; null once verified
 * @param verifiedTime     null while unverified
 */
public record RegisteredCa(String name, X509Certificate certificate, String thumbprint, String verificationCode,
                           String etag, Instant createdTime, Instant verifiedTime) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,128}");

    public RegisteredCa {
        requireName(name);
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(thumbprint, "thumbprint");
        Objects.requireNonNull(etag, "etag");
        Objects.requireNonNull(createdTime, "createdTime");
        if ((verificationCode == null) == (verifiedTime == null)) {
            throw new IllegalArgumentException("a CA is either awaiting its proof (code) or verified (time)");
        }
    }

    public boolean isVerified() {
        return verifiedTime != null;
    }

    public RegisteredCa verified(String newEtag, Instant at) {
        return new RegisteredCa(name, certificate, thumbprint, null, newEtag, createdTime, at);
    }

    public RegisteredCa withNewCode(String code, String newEtag) {
        return new RegisteredCa(name, certificate, thumbprint, code, newEtag, createdTime, null);
    }

    /** Names go into URLs and audit targets: letters, digits, {@code . _ -}, at most 128. */
    public static String requireName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new HubException.Invalid("invalid-certificate-name",
                    "a CA name is 1 to 128 letters, digits, '.', '_' or '-'");
        }
        return name;
    }
}
