package io.bulwark.hub.x509;

import io.bulwark.hub.registry.IdentityId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Storage port of the device certificates the hub CA issued. Every write is durable when the call returns. */
public interface IssuedCertificateRepository {

    void insert(IssuedCertificate issued);

    /** The identity's certificates, oldest first. */
    List<IssuedCertificate> listFor(IdentityId identity);

    Optional<IssuedCertificate> find(IdentityId identity, String serialNumber);

    /** The certificates of a device and of all its modules, oldest first. */
    List<IssuedCertificate> listForDeviceAndModules(String deviceId);

    /** Every certificate whose notAfter is at or before {@code bound}, revoked or not, by identity, oldest first. */
    List<IssuedCertificate> listExpiringBy(Instant bound);
}
