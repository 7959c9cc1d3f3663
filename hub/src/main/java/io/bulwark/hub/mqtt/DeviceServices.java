package io.bulwark.hub.mqtt;

import io.bulwark.hub.audit.AuditLog;
import io.bulwark.hub.auth.DeviceAuthenticator;
import io.bulwark.hub.c2d.CloudToDevice;
import io.bulwark.hub.messaging.TelemetryIngest;
import io.bulwark.hub.methods.DirectMethods;
import io.bulwark.hub.registry.DevicePresence;
import io.bulwark.hub.security.SourceBlocklist;
import io.bulwark.hub.twin.TwinService;
import io.bulwark.hub.x509.DeviceCertificates;

/**
 * The parts of the hub core a device transport serves, and where it reports its acknowledgement latency, handed over
 * in one piece by the composition root.
 */
public record DeviceServices(DeviceAuthenticator authenticator, TelemetryIngest telemetry, DirectMethods methods,
                             TwinService twins, CloudToDevice cloudToDevice, DevicePresence presence,
                             AuditLog audit, SourceBlocklist blocklist, DeviceCertificates certificates,
                             AcknowledgementLatency acknowledgements) {
}
