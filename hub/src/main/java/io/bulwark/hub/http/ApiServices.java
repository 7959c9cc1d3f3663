package io.bulwark.hub.http;

import io.bulwark.hub.audit.AuditLog;
import io.bulwark.hub.auth.DeviceAuthenticator;
import io.bulwark.hub.auth.ServiceAuthenticator;
import io.bulwark.hub.messaging.TelemetryIngest;
import io.bulwark.hub.c2d.CloudToDevice;
import io.bulwark.hub.methods.DirectMethods;
import io.bulwark.hub.registry.DevicePresence;
import io.bulwark.hub.registry.DeviceRegistry;
import io.bulwark.hub.security.SourceBlocklist;
import io.bulwark.hub.security.alert.Alerts;
import io.bulwark.hub.security.response.AlertResponses;
import io.bulwark.hub.security.fleetaudit.FleetAuditor;
import io.bulwark.hub.security.posture.DeviceClasses;
import io.bulwark.hub.security.posture.PostureRepository;
import io.bulwark.hub.stream.ConsumerGroups;
import io.bulwark.hub.stream.Streams;
import io.bulwark.hub.twin.TwinService;
import io.bulwark.hub.webhook.Webhooks;
import io.bulwark.hub.x509.CertificateAuthorities;
import io.bulwark.hub.x509.CertificateRevocations;
import io.bulwark.hub.x509.DeviceCertificates;
import io.bulwark.hub.x509.HubCaRevocationList;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/** The parts of the hub core the service API exposes, handed over in one piece by the composition root. */
public record ApiServices(DeviceRegistry registry, AuditLog audit, ServiceAuthenticator authenticator,
                          DeviceAuthenticator deviceAuthenticator, DevicePresence presence, Streams streams,
                          TelemetryIngest telemetry, DirectMethods methods, TwinService twins,
                          CloudToDevice cloudToDevice, PrometheusMeterRegistry metrics, Webhooks webhooks,
                          ConsumerGroups consumerGroups, CertificateAuthorities certificateAuthorities,
                          CertificateRevocations certificateRevocations, HubCaRevocationList hubCaRevocationList,
                          Alerts alerts, AlertResponses alertResponses, SourceBlocklist sourceBlocklist,
                          DeviceClasses deviceClasses, PostureRepository postures, FleetAuditor fleetAuditor,
                          DeviceCertificates deviceCertificates) {
}
