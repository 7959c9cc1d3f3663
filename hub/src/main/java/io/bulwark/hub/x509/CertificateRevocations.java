package io.bulwark.hub.x509;

import io.bulwark.hub.HubException;
import io.bulwark.hub.audit.Actor;
import io.bulwark.hub.audit.AuditLog;
import io.bulwark.hub.audit.AuditOutcome;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Revoked certificates (S-AUTH-6): a revoked certificate is refused at connect wherever it sits in a device's chain,
 * and the transports close the live connections whose chain contains it. The list is read on every X.509 connect, so
 * it is kept in memory as well as stored; revocations are rare and only ever added.
 */
public final class CertificateRevocations {

    private final RevocationRepository repository;
    private final AuditLog audit;
    private final Clock clock;
    private final List<RevokedCertificate> revoked;
    private final List<Consumer<CertificateId>> listeners = new CopyOnWriteArrayList<>();

    public CertificateRevocations(RevocationRepository repository, AuditLog audit, Clock clock) {
        this.repository = repository;
        this.audit = audit;
        this.clock = clock;
        this.revoked = new CopyOnWriteArrayList<>(repository.list());
    }

    /** Listeners close the connections whose certificate chain contains a certificate matching the id. */
    public void subscribe(Consumer<CertificateId> listener) {
        listeners.add(listener);
    }

    /** Revokes the certificate itself: thumbprint, issuer and serial number are all known, so it lands in CRLs. */
    public RevokedCertificate revoke(Actor actor, X509Certificate certificate) {
        return revoke(actor, CertificateId.of(certificate), certificate.getSubjectX500Principal().getName());
    }

    /** @param subject the certificate's subject when known, for the listing; may be null */
    public RevokedCertificate revoke(Actor actor, CertificateId id, String subject) {
        String target = "certificate:" + id.label();
        RevokedCertificate entry = new RevokedCertificate(id, subject, clock.instant());
        synchronized (this) {
            if (revoked.stream().anyMatch(existing -> covers(existing.id(), id)) || !repository.insert(entry)) {
                audit.record(actor, "certificate.revoke", target, AuditOutcome.DENIED, "revoked already");
                throw new HubException.Conflict("certificate-revoked", "this certificate is revoked already");
            }
            revoked.add(entry);
        }
        audit.record(actor, "certificate.revoke", target, AuditOutcome.SUCCESS,
                subject == null ? "revoked" : "revoked, subject " + Certificates.printable(subject));
        listeners.forEach(listener -> listener.accept(id));
        return entry;
    }

    /** The revocation that matches a presented certificate, if any. */
    public Optional<RevokedCertificate> find(CertificateId presented) {
        return revoked.stream().filter(entry -> entry.id().matches(presented)).findFirst();
    }

    public Optional<RevokedCertificate> find(X509Certificate presented) {
        return find(CertificateId.of(presented));
    }

    /** All revocations, oldest first. */
    public List<RevokedCertificate> list() {
        return List.copyOf(revoked);
    }

    /** An existing entry that names everything the new one names adds nothing. */
    private static boolean covers(CertificateId existing, CertificateId added) {
        boolean thumbprint = added.thumbprint() == null || added.thumbprint().equals(existing.thumbprint());
        boolean serial = added.issuer() == null || added.issuer().equals(existing.issuer())
                && added.serialNumber().equals(existing.serialNumber());
        return thumbprint && serial;
    }
}
