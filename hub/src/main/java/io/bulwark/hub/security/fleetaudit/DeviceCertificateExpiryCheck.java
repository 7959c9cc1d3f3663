package io.bulwark.hub.security.fleetaudit;

import io.bulwark.hub.registry.DeviceRepository;
import io.bulwark.hub.registry.IdentityId;
import io.bulwark.hub.security.posture.Severity;
import io.bulwark.hub.x509.CertificateRevocations;
import io.bulwark.hub.x509.IssuedCertificate;
import io.bulwark.hub.x509.IssuedCertificateRepository;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Device certificates the hub CA issued that expired or expire within the warning window, for identities that still
 * exist. An identity is judged by its unrevoked certificate that lasts longest: a renewal leaves the old certificate
 * in the table to expire, and that one is not a problem while a newer one outlives the window. Revoked certificates
 * are left out, they can no longer connect anyway; deleted identities are left out, their certificates were revoked
 * with them and a new identity under the same id has nothing to do with them.
 */
public final class DeviceCertificateExpiryCheck implements FleetAuditCheck {

    private final IssuedCertificateRepository issued;
    private final CertificateRevocations revocations;
    private final DeviceRepository devices;
    private final Duration warning;
    private final Clock clock;

    public DeviceCertificateExpiryCheck(IssuedCertificateRepository issued, CertificateRevocations revocations,
                                        DeviceRepository devices, Duration warning, Clock clock) {
        this.issued = issued;
        this.revocations = revocations;
        this.devices = devices;
        this.warning = warning;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "device-certificate-expiry";
    }

    @Override
    public String rule() {
        return "a device or module whose certificates issued by the hub CA (not revoked) all expired, or all expire "
                + "within " + warning.toDays() + " days";
    }

    @Override
    public List<AuditFinding> run(AuditPeriod period) {
        Instant now = clock.instant();
        Set<IdentityId> candidates = new LinkedHashSet<>();
        for (IssuedCertificate certificate : issued.listExpiringBy(now.plus(warning))) {
            candidates.add(certificate.identity());
        }
        List<AuditFinding> findings = new ArrayList<>();
        for (IdentityId identity : candidates) {
            if (devices.find(identity).isEmpty()) {
                continue;
            }
            longestLasting(identity).flatMap(certificate -> expiry(identity, certificate, now))
                    .ifPresent(findings::add);
        }
        return findings;
    }

    private Optional<IssuedCertificate> longestLasting(IdentityId identity) {
        return issued.listFor(identity).stream()
                .filter(certificate -> revocations.find(certificate.certificate()).isEmpty())
                .max(java.util.Comparator.comparing(IssuedCertificate::notAfter));
    }

    private Optional<AuditFinding> expiry(IdentityId identity, IssuedCertificate certificate, Instant now) {
        String target = target(identity);
        String what = "certificate " + certificate.serialNumber() + " issued by the hub CA";
        Instant notAfter = certificate.notAfter();
        if (!notAfter.isAfter(now)) {
            return Optional.of(new AuditFinding(name(), Severity.HIGH, target, what + " expired on " + notAfter
                    + " and no later one was issued: the identity can no longer connect with a certificate"));
        }
        if (notAfter.isBefore(now.plus(warning))) {
            return Optional.of(new AuditFinding(name(), Severity.MEDIUM, target, what + " expires on " + notAfter
                    + ", in " + Duration.between(now, notAfter).toDays() + " days, and no later one was issued"));
        }
        return Optional.empty();
    }

    private static String target(IdentityId identity) {
        return (identity.isModule() ? "module:" : "device:") + identity;
    }
}
