package io.bulwark.hub;

import io.bulwark.hub.security.MonitoringLimits;
import io.bulwark.hub.security.fleetaudit.FleetAuditSettings;
import io.bulwark.hub.stream.StreamLimits;
import io.bulwark.hub.webhook.WebhookLimits;
import io.bulwark.hub.x509.IssuanceLimits;
import java.time.Duration;

/**
 * Every bound the hub puts on what comes from outside, in one place, with safe defaults. Each is documented in the
 * README's configuration table.
 *
 * @param maxRequestBytes  largest request body the REST API reads (except bulk import)
 * @param maxImportBytes   largest bulk import body
 * @param maxImportLines   most identities in one bulk import
 * @param sasClockSkew     how far a token's expiry may lie in the past and still be accepted (clock drift)
 * @param mqttMaxPacketBytes largest MQTT packet accepted after CONNECT (Azure: 256 KiB messages)
 * @param mqttMaxConnectBytes largest packet accepted before a connection has authenticated (S-DOS-1)
 * @param mqttConnectTimeout how long a TLS connection may wait before its CONNECT arrives (S-DOS-2)
 * @param mqttMaxKeepAlive  the longest keep-alive the hub grants; the connection times out after 1.5 times it
 * @param deviceMessagesPerSecond messages one identity may send per second before its connection is throttled
 * @param deviceBytesPerSecond    bytes one identity may send per second before its connection is throttled
 * @param connectsPerSecondPerSource new connections one source address may open per second (bursts of ten times
 *                                   that are allowed) before further ones are closed at once (S-DOS-2)
 * @param mqttMaxInflightMessages messages of one connection that may wait for the stream writer at once; a full
 *                                window pauses reading that connection until half of them are durable (S-DOS-3)
 * @param webhooks  bounds and timings of webhook delivery
 * @param streams retention of the streams and bounds on their readers (long-poll, Server-Sent Events, groups)
 * @param monitoring thresholds of the security detectors and of source blocking (docs/security-alerts.md)
 * @param certificates validity of the device certificates the hub CA issues and how often a device may renew
 * @param fleetAudit   how often the fleet audit runs, its thresholds and how many reports are kept
 *                     (docs/security-audit.md); the {@code BULWARK_FLEET_AUDIT_*} environment variables set it
 */
public record HubLimits(long maxRequestBytes, long maxImportBytes, int maxImportLines, Duration sasClockSkew,
                        int mqttMaxPacketBytes, int mqttMaxConnectBytes, Duration mqttConnectTimeout,
                        Duration mqttMaxKeepAlive, int deviceMessagesPerSecond, int deviceBytesPerSecond,
                        int connectsPerSecondPerSource, int mqttMaxInflightMessages, WebhookLimits webhooks,
                        StreamLimits streams, MonitoringLimits monitoring, IssuanceLimits certificates,
                        FleetAuditSettings fleetAudit) {

    public static final HubLimits DEFAULTS = new HubLimits(256 * 1024, 512L * 1024 * 1024, 1_000_000,
            Duration.ofMinutes(5), 256 * 1024 + 8 * 1024, 8 * 1024, Duration.ofSeconds(10),
            Duration.ofSeconds(1177), 100, 1024 * 1024, 50, 16, WebhookLimits.DEFAULTS, StreamLimits.DEFAULTS,
            MonitoringLimits.DEFAULTS, IssuanceLimits.DEFAULTS, FleetAuditSettings.DEFAULTS);

    /** Limits with the default webhook and stream limits. */
    public HubLimits(long maxRequestBytes, long maxImportBytes, int maxImportLines, Duration sasClockSkew,
                     int mqttMaxPacketBytes, int mqttMaxConnectBytes, Duration mqttConnectTimeout,
                     Duration mqttMaxKeepAlive, int deviceMessagesPerSecond, int deviceBytesPerSecond,
                     int connectsPerSecondPerSource) {
        this(maxRequestBytes, maxImportBytes, maxImportLines, sasClockSkew, mqttMaxPacketBytes, mqttMaxConnectBytes,
                mqttConnectTimeout, mqttMaxKeepAlive, deviceMessagesPerSecond, deviceBytesPerSecond,
                connectsPerSecondPerSource, DEFAULTS.mqttMaxInflightMessages(), WebhookLimits.DEFAULTS,
                StreamLimits.DEFAULTS, MonitoringLimits.DEFAULTS, IssuanceLimits.DEFAULTS, FleetAuditSettings.DEFAULTS);
    }

    public HubLimits withWebhooks(WebhookLimits value) {
        return new HubLimits(maxRequestBytes, maxImportBytes, maxImportLines, sasClockSkew, mqttMaxPacketBytes,
                mqttMaxConnectBytes, mqttConnectTimeout, mqttMaxKeepAlive, deviceMessagesPerSecond,
                deviceBytesPerSecond, connectsPerSecondPerSource, mqttMaxInflightMessages, value, streams, monitoring,
                certificates, fleetAudit);
    }

    public HubLimits withStreams(StreamLimits value) {
        return new HubLimits(maxRequestBytes, maxImportBytes, maxImportLines, sasClockSkew, mqttMaxPacketBytes,
                mqttMaxConnectBytes, mqttConnectTimeout, mqttMaxKeepAlive, deviceMessagesPerSecond,
                deviceBytesPerSecond, connectsPerSecondPerSource, mqttMaxInflightMessages, webhooks, value, monitoring,
                certificates, fleetAudit);
    }

    public HubLimits withMqttMaxInflightMessages(int messages) {
        return new HubLimits(maxRequestBytes, maxImportBytes, maxImportLines, sasClockSkew, mqttMaxPacketBytes,
                mqttMaxConnectBytes, mqttConnectTimeout, mqttMaxKeepAlive, deviceMessagesPerSecond,
                deviceBytesPerSecond, connectsPerSecondPerSource, messages, webhooks, streams, monitoring,
                certificates, fleetAudit);
    }

    public HubLimits withMonitoring(MonitoringLimits value) {
        return new HubLimits(maxRequestBytes, maxImportBytes, maxImportLines, sasClockSkew, mqttMaxPacketBytes,
                mqttMaxConnectBytes, mqttConnectTimeout, mqttMaxKeepAlive, deviceMessagesPerSecond,
                deviceBytesPerSecond, connectsPerSecondPerSource, mqttMaxInflightMessages, webhooks, streams, value,
                certificates, fleetAudit);
    }

    public HubLimits withCertificates(IssuanceLimits value) {
        return new HubLimits(maxRequestBytes, maxImportBytes, maxImportLines, sasClockSkew, mqttMaxPacketBytes,
                mqttMaxConnectBytes, mqttConnectTimeout, mqttMaxKeepAlive, deviceMessagesPerSecond,
                deviceBytesPerSecond, connectsPerSecondPerSource, mqttMaxInflightMessages, webhooks, streams,
                monitoring, value, fleetAudit);
    }

    public HubLimits withFleetAudit(FleetAuditSettings value) {
        return new HubLimits(maxRequestBytes, maxImportBytes, maxImportLines, sasClockSkew, mqttMaxPacketBytes,
                mqttMaxConnectBytes, mqttConnectTimeout, mqttMaxKeepAlive, deviceMessagesPerSecond,
                deviceBytesPerSecond, connectsPerSecondPerSource, mqttMaxInflightMessages, webhooks, streams,
                monitoring, certificates, value);
    }

    public HubLimits withSasClockSkew(Duration skew) {
        return new HubLimits(maxRequestBytes, maxImportBytes, maxImportLines, skew, mqttMaxPacketBytes,
                mqttMaxConnectBytes, mqttConnectTimeout, mqttMaxKeepAlive, deviceMessagesPerSecond,
                deviceBytesPerSecond, connectsPerSecondPerSource, mqttMaxInflightMessages, webhooks, streams,
                monitoring, certificates, fleetAudit);
    }

    public HubLimits withMqttConnectTimeout(Duration timeout) {
        return new HubLimits(maxRequestBytes, maxImportBytes, maxImportLines, sasClockSkew, mqttMaxPacketBytes,
                mqttMaxConnectBytes, timeout, mqttMaxKeepAlive, deviceMessagesPerSecond, deviceBytesPerSecond,
                connectsPerSecondPerSource, mqttMaxInflightMessages, webhooks, streams, monitoring, certificates,
                fleetAudit);
    }

    public HubLimits withDeviceRates(int messagesPerSecond, int bytesPerSecond) {
        return new HubLimits(maxRequestBytes, maxImportBytes, maxImportLines, sasClockSkew, mqttMaxPacketBytes,
                mqttMaxConnectBytes, mqttConnectTimeout, mqttMaxKeepAlive, messagesPerSecond, bytesPerSecond,
                connectsPerSecondPerSource, mqttMaxInflightMessages, webhooks, streams, monitoring, certificates,
                fleetAudit);
    }

    public HubLimits withConnectsPerSecondPerSource(int connectsPerSecond) {
        return new HubLimits(maxRequestBytes, maxImportBytes, maxImportLines, sasClockSkew, mqttMaxPacketBytes,
                mqttMaxConnectBytes, mqttConnectTimeout, mqttMaxKeepAlive, deviceMessagesPerSecond,
                deviceBytesPerSecond, connectsPerSecond, mqttMaxInflightMessages, webhooks, streams, monitoring,
                certificates, fleetAudit);
    }

    public HubLimits {
        if (maxRequestBytes < 1024 || maxImportBytes < maxRequestBytes || maxImportLines < 1) {
            throw new IllegalArgumentException("limits must be positive and import limits at least the request limit");
        }
        if (mqttMaxConnectBytes < 512 || mqttMaxPacketBytes < mqttMaxConnectBytes
                || mqttConnectTimeout.isNegative() || mqttConnectTimeout.isZero() || mqttMaxKeepAlive.isNegative()) {
            throw new IllegalArgumentException("MQTT limits must be positive");
        }
        if (deviceMessagesPerSecond < 1 || deviceBytesPerSecond < 1024 || connectsPerSecondPerSource < 1
                || mqttMaxInflightMessages < 1) {
            throw new IllegalArgumentException("rates must be positive");
        }
        java.util.Objects.requireNonNull(webhooks, "webhooks");
        java.util.Objects.requireNonNull(streams, "streams");
        java.util.Objects.requireNonNull(monitoring, "monitoring");
        java.util.Objects.requireNonNull(certificates, "certificates");
        java.util.Objects.requireNonNull(fleetAudit, "fleetAudit");
        if (sasClockSkew.isNegative() || sasClockSkew.compareTo(Duration.ofMinutes(15)) > 0) {
            throw new IllegalArgumentException("SAS clock skew must be between 0 and 15 minutes");
        }
    }
}
