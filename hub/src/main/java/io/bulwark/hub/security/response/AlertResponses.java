package io.bulwark.hub.security.response;

import io.bulwark.hub.HubException;
import io.bulwark.hub.audit.Actor;
import io.bulwark.hub.audit.AuditLog;
import io.bulwark.hub.audit.AuditOutcome;
import io.bulwark.hub.registry.Device;
import io.bulwark.hub.registry.DeviceRegistry;
import io.bulwark.hub.registry.DeviceSpec;
import io.bulwark.hub.registry.DeviceStatus;
import io.bulwark.hub.registry.IdentityId;
import io.bulwark.hub.registry.KeySlot;
import io.bulwark.hub.registry.X509Thumbprints;
import io.bulwark.hub.security.SourceBlocklist;
import io.bulwark.hub.security.alert.Alert;
import io.bulwark.hub.security.alert.Alerts;
import io.bulwark.hub.x509.CertificateId;
import io.bulwark.hub.x509.CertificateRevocations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Response actions taken from an alert. Each goes through the core service that owns the change (registry,
 * revocations, blocklist), which audits it and closes live sessions as usual; an {@code alert.action} record ties it
 * to the alert.
 */
public final class AlertResponses {

    private final Alerts alerts;
    private final DeviceRegistry registry;
    private final CertificateRevocations revocations;
    private final SourceBlocklist blocklist;
    private final AuditLog audit;
    private final Duration defaultBlock;

    public AlertResponses(Alerts alerts, DeviceRegistry registry, CertificateRevocations revocations,
                          SourceBlocklist blocklist, AuditLog audit, Duration defaultBlock) {
        this.alerts = alerts;
        this.registry = registry;
        this.revocations = revocations;
        this.blocklist = blocklist;
        this.audit = audit;
        this.defaultBlock = defaultBlock;
    }

    /** Takes {@code request} on alert {@code id}; returns what was done, in words. */
    public String take(Actor actor, long id, ResponseRequest request) {
        String target = Alerts.target(id);
        String action = request.action().wireName();
        try {
            Alert alert = alerts.get(id);
            String done = switch (request.action()) {
                case DISABLE_DEVICE -> disable(actor, alert);
                case REGENERATE_KEY -> regenerate(actor, alert);
                case REVOKE_CERTIFICATE -> revoke(actor, alert, request.thumbprint());
                case BLOCK_SOURCE -> block(actor, alert, request.period() == null ? defaultBlock : request.period());
            };
            audit.record(actor, "alert.action", target, AuditOutcome.SUCCESS, action + ": " + done);
            return done;
        } catch (HubException e) {
            audit.record(actor, "alert.action", target, AuditOutcome.FAILURE, action + ": " + e.type());
            throw e;
        }
    }

    private String disable(Actor actor, Alert alert) {
        Device device = registry.get(deviceOf(alert));
        registry.update(actor, DeviceSpec.from(device).withStatus(DeviceStatus.DISABLED, "alert " + alert.id()),
                DeviceRegistry.ANY_ETAG);
        return "device " + device.id() + " disabled";
    }

    private String regenerate(Actor actor, Alert alert) {
        IdentityId id = deviceOf(alert);
        registry.regenerateKey(actor, id, KeySlot.BOTH);
        return "both keys of " + id + " regenerated";
    }

    private String revoke(Actor actor, Alert alert, String thumbprint) {
        IdentityId id = deviceOf(alert);
        List<CertificateId> certificates = new ArrayList<>();
        if (thumbprint != null) {
            certificates.add(CertificateId.parse(thumbprint, null, null));
        } else {
            X509Thumbprints registered = registry.get(id).authentication().x509Thumbprint();
            if (registered == null) {
                throw new HubException.Conflict("no-known-certificate", id + " has no registered certificate "
                        + "thumbprint; name the certificate with thumbprint");
            }
            certificates.add(new CertificateId(registered.primaryThumbprint(), null, null));
            if (registered.secondaryThumbprint() != null) {
                certificates.add(new CertificateId(registered.secondaryThumbprint(), null, null));
            }
        }
        for (CertificateId certificate : certificates) {
            revocations.revoke(actor, certificate, null);
        }
        return certificates.size() + " certificate(s) of " + id + " revoked";
    }

    private String block(Actor actor, Alert alert, Duration period) {
        if (alert.sourceAddress() == null) {
            throw new HubException.Conflict("no-source-address", "alert " + alert.id() + " names no source address");
        }
        if (!blocklist.block(actor, alert.sourceAddress(), period, "alert " + alert.id())) {
            throw new HubException.Conflict("source-exempt", alert.sourceAddress()
                    + " is exempt from blocking (see docs/security-alerts.md)");
        }
        return "source " + alert.sourceAddress() + " blocked for " + period.toSeconds() + " s";
    }

    private static IdentityId deviceOf(Alert alert) {
        if (alert.deviceId() == null) {
            throw new HubException.Conflict("no-device", "alert " + alert.id() + " names no device");
        }
        return IdentityId.device(alert.deviceId());
    }
}
