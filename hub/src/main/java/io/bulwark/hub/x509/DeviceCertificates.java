package io.bulwark.hub.x509;

import io.bulwark.hub.HubException;
import io.bulwark.hub.audit.Actor;
import io.bulwark.hub.audit.AuditLog;
import io.bulwark.hub.audit.AuditOutcome;
import io.bulwark.hub.registry.AuthenticationType;
import io.bulwark.hub.registry.Device;
import io.bulwark.hub.registry.DeviceRepository;
import io.bulwark.hub.registry.IdentityId;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The hub CA as issuer of device certificates: from a CSR on an operator's request (REST) or on the device's own
 * request over its authenticated connection (renewal). Only {@code certificateAuthority} identities get one, with the
 * identity as CN whatever the CSR asked for; the hub CA is trusted for exactly those identities without being
 * registered under {@code /certificates}. Every issuance and every refusal is audited; every issued certificate is
 * recorded so it can be listed and revoked by serial number.
 */
public final class DeviceCertificates {

    private final DeviceRepository devices;
    private final IssuedCertificateRepository issued;
    private final DeviceCertificateSigner signer;
    private final CertificateRevocations revocations;
    private final AuditLog audit;
    private final Clock clock;
    private final IssuanceLimits limits;
    private final Map<IdentityId, Instant> lastRenewal = new ConcurrentHashMap<>();

    public DeviceCertificates(DeviceRepository devices, IssuedCertificateRepository issued,
                              DeviceCertificateSigner signer, CertificateRevocations revocations, AuditLog audit,
                              Clock clock, IssuanceLimits limits) {
        this.devices = devices;
        this.issued = issued;
        this.signer = signer;
        this.revocations = revocations;
        this.audit = audit;
        this.clock = clock;
        this.limits = limits;
    }

    /**
     * An operator's request: a certificate for the identity's key in the CSR.
     *
     * @param validity null for the default validity
     */
    public IssuedCertificate issue(Actor actor, IdentityId identity, String csr, Duration validity) {
        return audited(actor, "certificate.issue", identity, () -> {
            Duration granted = validity == null ? limits.defaultValidity() : validity;
            if (granted.compareTo(Duration.ofHours(1)) < 0 || granted.compareTo(limits.maxValidity()) > 0) {
                throw new HubException.Invalid("invalid-validity", "validity must be between 1 hour and "
                        + limits.maxValidity().toDays() + " days");
            }
            requireHubIssuable(identity);
            return sign(identity, SigningRequest.parse(csr), granted, IssuedCertificate.Origin.REST);
        });
    }

    /**
     * The device's own request over its connection, proven by {@code current}, the certificate it connected with. The
     * new key must differ from the current one (renewing a key that may be the reason for renewing achieves nothing),
     * and one identity renews at most once per {@link IssuanceLimits#renewalInterval()}.
     */
    public IssuedCertificate renew(Actor actor, IdentityId identity, X509Certificate current, String csr) {
        return audited(actor, "certificate.renew", identity, () -> {
            if (current == null) {
                throw new HubException.Forbidden("certificate-required",
                        "renewal needs a connection authenticated with a client certificate");
            }
            requireHubIssuable(identity);
            SigningRequest request = SigningRequest.parse(csr);
            if (Arrays.equals(request.publicKey().getEncoded(), current.getPublicKey().getEncoded())) {
                throw new HubException.Conflict("same-key", "the csr carries the key of the current certificate; "
                        + "renew with a new key");
            }
            reserveRenewal(identity);
            try {
                return sign(identity, request, limits.defaultValidity(), IssuedCertificate.Origin.RENEWAL);
            } catch (RuntimeException failed) {
                lastRenewal.remove(identity);
                throw failed;
            }
        });
    }

    /** Atomic, so that two requests sent at once cannot both pass the interval. */
    private void reserveRenewal(IdentityId identity) {
        Instant now = clock.instant();
        Instant[] refusedSince = new Instant[1];
        lastRenewal.compute(identity, (id, previous) -> {
            if (previous != null && now.isBefore(previous.plus(limits.renewalInterval()))) {
                refusedSince[0] = previous;
                return previous;
            }
            return now;
        });
        if (refusedSince[0] != null) {
            throw new HubException.LimitExceeded("renewal-rate", "renewed at " + refusedSince[0]
                    + "; the next renewal is possible from " + refusedSince[0].plus(limits.renewalInterval()));
        }
    }

    /** The certificate and the hub CA above it: what a device sends at connect, leaf first. */
    public List<X509Certificate> chain(IssuedCertificate certificate) {
        return List.of(certificate.certificate(), signer.caCertificate());
    }

    /** The identity's issued certificates, oldest first; 404 for an unknown identity. */
    public List<IssuedCertificate> list(IdentityId identity) {
        requireExisting(identity);
        return issued.listFor(identity);
    }

    /** Revokes one of the identity's issued certificates by serial number: it lands in the hub CA's CRL. */
    public RevokedCertificate revoke(Actor actor, IdentityId identity, String serialNumber) {
        String serial = serialNumber == null ? "" : serialNumber.replace(":", "").toLowerCase(java.util.Locale.ROOT)
                .replaceFirst("^0+(?=.)", "");
        IssuedCertificate certificate = issued.find(identity, serial).orElseThrow(() -> {
            audit.record(actor, "certificate.revoke", "device:" + identity, AuditOutcome.DENIED,
                    "no certificate with this serial number was issued to it");
            return new HubException.NotFound("certificate-not-found",
                    "the hub issued no certificate with this serial number to " + identity);
        });
        return revocations.revoke(actor, certificate.certificate());
    }

    /**
     * Revokes every still-valid certificate the hub issued to a deleted identity (a device takes its modules with
     * it), so that a device re-created under the same id cannot be entered with the old device's key.
     */
    public void revokeAllOfDeleted(Actor actor, IdentityId deleted) {
        Instant now = clock.instant();
        issued.listForDeviceAndModules(deleted.deviceId()).stream()
                .filter(certificate -> !deleted.isModule() || certificate.identity().equals(deleted))
                .filter(certificate -> certificate.notAfter().isAfter(now))
                .filter(certificate -> revocations.find(certificate.certificate()).isEmpty())
                .forEach(certificate -> revocations.revoke(actor, certificate.certificate()));
    }

    private IssuedCertificate sign(IdentityId identity, SigningRequest request, Duration validity,
                                   IssuedCertificate.Origin origin) {
        X509Certificate certificate = signer.sign(identity.toString(), request.publicKey(), validity);
        IssuedCertificate record = IssuedCertificate.of(identity, certificate, clock.instant(), origin);
        issued.insert(record);
        return record;
    }

    private Device requireExisting(IdentityId identity) {
        return devices.find(identity).orElseThrow(() -> new HubException.NotFound("device-not-found",
                "no identity " + identity + " in the registry"));
    }

    /** Hub certificates authenticate only {@code certificateAuthority} identities; for any other they prove nothing. */
    private void requireHubIssuable(IdentityId identity) {
        Device device = requireExisting(identity);
        if (device.authentication().type() != AuthenticationType.CERTIFICATE_AUTHORITY) {
            throw new HubException.Conflict("not-certificate-authority", identity + " authenticates with "
                    + device.authentication().type().wireName() + "; the hub issues certificates only for "
                    + "authentication type certificateAuthority");
        }
    }

    private IssuedCertificate audited(Actor actor, String action, IdentityId identity,
                                      Supplier<IssuedCertificate> work) {
        IssuedCertificate result;
        try {
            result = work.get();
        } catch (HubException refused) {
            audit.record(actor, action, "device:" + identity, AuditOutcome.DENIED, refused.getMessage());
            throw refused;
        }
        audit.record(actor, action, "device:" + identity, AuditOutcome.SUCCESS, "serial " + result.serialNumber()
                + ", thumbprint " + result.thumbprint() + ", valid until " + result.notAfter());
        return result;
    }
}
