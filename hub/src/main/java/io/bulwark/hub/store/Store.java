package io.bulwark.hub.store;

import io.bulwark.hub.audit.AuditRepository;
import io.bulwark.hub.c2d.C2dRepository;
import io.bulwark.hub.auth.PolicyRepository;
import io.bulwark.hub.registry.DeviceRepository;
import io.bulwark.hub.registry.KeyRotations;
import io.bulwark.hub.security.fleetaudit.FleetAuditRepository;
import io.bulwark.hub.security.posture.DeviceClassRepository;
import io.bulwark.hub.security.posture.PostureRepository;
import io.bulwark.hub.twin.TwinRepository;
import io.bulwark.hub.webhook.WebhookRepository;
import io.bulwark.hub.x509.CaRepository;
import io.bulwark.hub.x509.IssuedCertificateRepository;
import io.bulwark.hub.x509.RevocationRepository;
import io.bulwark.hub.security.alert.AlertRepository;

/**
 * The hub's storage port: one repository per aggregate. The embedded default is SQLite ({@code store.sqlite});
 * scale-out backends implement the same interfaces and pass the same contract tests.
 */
public interface Store extends AutoCloseable {

    DeviceRepository devices();

    PolicyRepository policies();

    AuditRepository audit();

    TwinRepository twins();

    C2dRepository cloudToDevice();

    WebhookRepository webhooks();
    CaRepository certificateAuthorities();

    RevocationRepository certificateRevocations();

    AlertRepository alerts();

    DeviceClassRepository deviceClasses();

    PostureRepository postures();

    FleetAuditRepository fleetAudits();

    KeyRotations keyRotations();

    IssuedCertificateRepository issuedCertificates();

    @Override
    void close();
}
