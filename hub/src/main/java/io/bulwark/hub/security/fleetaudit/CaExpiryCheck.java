package io.bulwark.hub.security.fleetaudit;

import io.bulwark.hub.security.posture.Severity;
import io.bulwark.hub.x509.CaRepository;
import io.bulwark.hub.x509.RegisteredCa;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * CAs expiring: every registered CA and the hub's own CA. Expired is critical (no device it signed can connect, or
 * for the hub CA: no device can verify the hub); expiring within the warning window is high.
 */
public final class CaExpiryCheck implements FleetAuditCheck {

    private final CaRepository cas;
    private final X509Certificate hubCa;
    private final Duration warning;
    private final Clock clock;

    public CaExpiryCheck(CaRepository cas, X509Certificate hubCa, Duration warning, Clock clock) {
        this.cas = cas;
        this.hubCa = hubCa;
        this.warning = warning;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "ca-expiry";
    }

    @Override
    public String rule() {
        return "a registered CA or the hub CA that expired, or expires within " + warning.toDays() + " days";
    }

    @Override
    public List<AuditFinding> run(AuditPeriod period) {
        Instant now = clock.instant();
        List<AuditFinding> findings = new ArrayList<>();
        for (RegisteredCa ca : cas.list()) {
            expiry("ca:" + ca.name(), "registered CA " + ca.name(), ca.certificate(), now).ifPresent(findings::add);
        }
        expiry("hub-ca", "the hub CA", hubCa, now).ifPresent(findings::add);
        return findings;
    }

    private Optional<AuditFinding> expiry(String target, String what, X509Certificate certificate, Instant now) {
        Instant notAfter = certificate.getNotAfter().toInstant();
        if (!notAfter.isAfter(now)) {
            return Optional.of(new AuditFinding(name(), Severity.CRITICAL, target, what + " expired on " + notAfter));
        }
        if (notAfter.isBefore(now.plus(warning))) {
            return Optional.of(new AuditFinding(name(), Severity.HIGH, target, what + " expires on " + notAfter
                    + ", in " + Duration.between(now, notAfter).toDays() + " days"));
        }
        return Optional.empty();
    }
}
