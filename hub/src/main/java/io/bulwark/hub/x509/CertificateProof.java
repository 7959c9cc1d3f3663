package io.bulwark.hub.x509;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What a verified client certificate chain proved.
 *
 * @param expiry the earliest expiry along the chain: the connection must close then
 * @param chain  every certificate the proof rests on (the sent ones on the path, and the registered CA): revoking any
 *               of them must close the connection (S-AUTH-6)
 * @param trustAnchor the CA the path ends at ({@code certificateAuthority}); null for a self-signed thumbprint match.
 *                    Deleting that CA must close the connection too
 */
public record CertificateProof(Instant expiry, List<CertificateId> chain, CertificateId trustAnchor) {
    public CertificateProof {
        Objects.requireNonNull(expiry, "expiry");
        chain = List.copyOf(chain);
    }
}
