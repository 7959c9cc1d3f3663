package io.bulwark.hub.auth;

import io.bulwark.hub.registry.IdentityId;
import io.bulwark.hub.x509.CertificateId;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A device (or module) whose credentials were verified at connect.
 *
 * @param credentialExpiry when the proof stops being valid: the connection must close then (S-AUTH-4)
 * @param certificateChain the certificates an X.509 proof rests on (empty for a token): revoking one of them closes
 *                         the connection (S-AUTH-6)
 * @param trustAnchor      the CA a {@code certificateAuthority} proof ends at, null otherwise: deleting it closes the
 *                         connection
 */
public record AuthenticatedDevice(IdentityId id, Instant credentialExpiry, List<CertificateId> certificateChain,
                                  CertificateId trustAnchor) {
    public AuthenticatedDevice {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(credentialExpiry, "credentialExpiry");
        certificateChain = List.copyOf(certificateChain);
    }

    /** Proven by a token: no certificate involved. */
    public AuthenticatedDevice(IdentityId id, Instant credentialExpiry) {
        this(id, credentialExpiry, List.of(), null);
    }
}
