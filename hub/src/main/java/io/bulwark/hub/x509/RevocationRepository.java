package io.bulwark.hub.x509;

import java.util.List;

/** Storage port of the revoked certificates. Every write is durable when the call returns. */
public interface RevocationRepository {

    /** @return false when a revocation with this thumbprint or this issuer and serial number is stored already */
    boolean insert(RevokedCertificate revoked);

    /** All revocations, oldest first. */
    List<RevokedCertificate> list();
}
