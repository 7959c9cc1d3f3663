package io.bulwark.hub.security.fleetaudit;

import io.bulwark.hub.audit.AuditLog;
import io.bulwark.hub.audit.AuditOutcome;
import io.bulwark.hub.registry.AuthenticationType;
import io.bulwark.hub.registry.DeviceRepository;
import io.bulwark.hub.registry.X509Thumbprints;
import io.bulwark.hub.security.posture.Severity;
import io.bulwark.hub.x509.CertificateId;
import io.bulwark.hub.x509.CertificateRevocations;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Revoked certificates still in use. The hub refuses a revoked certificate at connect and closes live sessions on
 * revocation, so "in use" means: (1) a self-signed identity whose registered thumbprint is revoked, i.e. the device is
 * still set up to use it and cannot connect until re-provisioned (high); (2) connect attempts refused in the period
 * because the certificate was revoked, as the {@code auth.failure} audit records show, i.e. someone still presents
 * it, the device or whoever holds a copy of its key (high).
 */
public final class RevokedCertificateUseCheck implements FleetAuditCheck {

    private static final String REVOKED_REASON = "certificate revoked";

    private final DeviceRepository devices;
    private final CertificateRevocations revocations;
    private final AuditRecords records;

    public RevokedCertificateUseCheck(DeviceRepository devices, CertificateRevocations revocations, AuditLog audit) {
        this.devices = devices;
        this.revocations = revocations;
        this.records = new AuditRecords(audit);
    }

    @Override
    public String name() {
        return "revoked-certificates-in-use";
    }

    @Override
    public String rule() {
        return "an identity registered with a revoked certificate thumbprint, or connect attempts refused during the "
                + "period because the certificate presented was revoked";
    }

    @Override
    public List<AuditFinding> run(AuditPeriod period) {
        List<AuditFinding> findings = new ArrayList<>();
        devices.forEach(device -> {
            if (device.authentication().type() != AuthenticationType.SELF_SIGNED) {
                return;
            }
            X509Thumbprints thumbprints = device.authentication().x509Thumbprint();
            String target = (device.id().isModule() ? "module:" : "device:") + device.id();
            for (String thumbprint : new String[] {thumbprints.primaryThumbprint(),
                    thumbprints.secondaryThumbprint()}) {
                if (thumbprint != null && revocations.find(new CertificateId(thumbprint, null, null)).isPresent()) {
                    findings.add(new AuditFinding(name(), Severity.HIGH, target, "registered with the revoked "
                            + "certificate " + thumbprint + "; give it a new certificate or remove the identity"));
                }
            }
        });
        Map<String, Integer> refused = new TreeMap<>();
        records.forEach("auth.failure", AuditOutcome.DENIED, period, record -> {
            if (record.detail().startsWith(REVOKED_REASON) && record.actor().startsWith("device:")) {
                refused.merge(record.actor(), 1, Integer::sum);
            }
        });
        refused.forEach((actor, count) -> findings.add(new AuditFinding(name(), Severity.HIGH, actor, count
                + " connect attempt" + (count == 1 ? "" : "s") + " with a revoked certificate between "
                + period.from() + " and " + period.to())));
        return findings;
    }
}
