package io.bulwark.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.bulwark.hub.registry.IdentityId;
import io.bulwark.protocol.sas.SasToken;
import io.netty.handler.codec.mqtt.MqttQoS;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The MQTT door of a real hub, driven with raw packets: every kind of bad CONNECT gets the exact refusal, nothing
 * outside a device's namespace is accepted, revoked or expired credentials end live connections, and floods are
 * slowed or cut off.
 */
class MqttConnectSecurityTest extends MqttHubTest {

    @Test
    void acceptsADeviceWithItsOwnToken() throws Exception {
        byte[] key = createDevice("d1");
        try (RawMqttClient client = RawMqttClient.open(ca, hub.mqttPort())) {
            assertThat(client.connect("d1", userName("d1"), token("d1", key, 3600))).isEqualTo(ACCEPTED);
            assertThat(hub.isConnected(IdentityId.device("d1"))).isTrue();
            JsonNode shown = JSON.readTree(api.get("/devices/d1").body());
            assertThat(shown.path("connectionState").asText()).isEqualTo("Connected");
            assertThat(shown.path("connectionSource").asText()).isEqualTo("127.0.0.1");
            assertThat(shown.path("lastActivityTime").asText()).isNotEmpty();
        }
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() ->
                JSON.readTree(api.get("/devices/d1").body()).path("connectionState").asText().equals("Disconnected"));
    }

    @Test
    void refusesEmptyAbsentAndMalformedPasswords() throws Exception { // S-AUTH-3
        createDevice("d1");
        for (String password : new String[] {null, "", "SharedAccessSignature nonsense", "hunter2"}) {
            try (RawMqttClient client = RawMqttClient.open(ca, hub.mqttPort())) {
                assertThat(client.connect("d1", userName("d1"), password)).as(String.valueOf(password))
                        .isEqualTo(BAD_USER_NAME_OR_PASSWORD);
            }
        }
        assertThat(lastAudit().action()).isEqualTo("auth.failure");
    }

    @Test
    void refusesTokensThatProveNothing() throws Exception { // S-AUTH-4
        byte[] key = createDevice("d1");
        byte[] otherKey = createDevice("d2");
        Map<String, String> refusals = Map.of(
                "expired", token("d1", key, -10),
                "wrong key", token("d1", otherKey, 3600),
                "another device's sr", token("d2", otherKey, 3600),
                "hub-wide sr", SasToken.create("127.0.0.1", key, Instant.now().plusSeconds(600), null).format(),
                "unknown skn", SasToken.create("127.0.0.1/devices/d1", key, Instant.now().plusSeconds(600),
                        "nobody").format(),
                "tampered se", token("d1", key, 3600).replaceFirst("se=(\\d+)", "se=9999999999"));
        for (Map.Entry<String, String> refusal : refusals.entrySet()) {
            try (RawMqttClient client = RawMqttClient.open(ca, hub.mqttPort())) {
                assertThat(client.connect("d1", userName("d1"), refusal.getValue())).as(refusal.getKey())
                        .isEqualTo(NOT_AUTHORIZED);
            }
        }
        assertThat(hub.isConnected(IdentityId.device("d1"))).isFalse();
    }

    @Test
    void bindsClientIdUserNameAndTokenToOneIdentity() throws Exception { // S-AUTH-5
        byte[] key = createDevice("d1");
        createDevice("d2");
        try (RawMqttClient client = RawMqttClient.open(ca, hub.mqttPort())) {
            assertThat(client.connect("d2", userName("d2"), token("d1", key, 3600))).isEqualTo(NOT_AUTHORIZED);
        }
        try (RawMqttClient client = RawMqttClient.open(ca, hub.mqttPort())) {
            assertThat(client.connect("d1", userName("d2"), token("d1", key, 3600))).isEqualTo(NOT_AUTHORIZED);
        }
        try (RawMqttClient client = RawMqttClient.open(ca, hub.mqttPort())) {
            assertThat(client.connect("d1#", userName("d1"), token("d1", key, 3600)))
                    .isEqualTo(BAD_USER_NAME_OR_PASSWORD);
        }
    }

    @Test
    void refusesADisabledDevice() throws Exception {
        byte[] key = createDevice("d1");
        api.put("/devices/d1", "{\"status\":\"disabled\"}", "If-Match", "*");
        try (RawMqttClient client = RawMqttClient.open(ca, hub.mqttPort())) {
            assertThat(client.connect("d1", userName("d1"), token("d1", key, 3600))).isEqualTo(NOT_AUTHORIZED);
        }
        assertThat(lastAudit().detail()).isEqualTo("identity is disabled");
    }

    @Test
    void closesWhenTheFirstPacketIsNotConnectOrIsTooLarge() throws Exception { // S-DOS-1
        try (RawMqttClient client = RawMqttClient.open(ca, hub.mqttPort())) {
            client.writeRaw(RawMqttClient.bytes(0xC0, 0x00)); // PINGREQ before CONNECT
            assertThat(client.isClosedByHub()).isTrue();
        }
        try (RawMqttClient client = RawMqttClient.open(ca, hub.mqttPort())) {
            // A CONNECT announcing 200 KB, far over the pre-authentication limit.
            client.writeRaw(RawMqttClient.bytes(0x10, 0xC0, 0x9A, 0x0C));
            assertThat(client.isClosedByHub()).isTrue();
        }
        try (RawMqttClient client = RawMqttClient.open(ca, hub.mqttPort())) {
            // A remaining length of five bytes: never valid (CVE-2023-0809 class).
            client.writeRaw(RawMqttClient.bytes(0x10, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F));
            assertThat(client.isClosedByHub()).isTrue();
        }
        assertThat(auditDetails("mqtt.protocol-violation", 3)).containsExactly("first packet is PINGREQ, not CONNECT",
                "malformed or oversized packet", "malformed or oversized packet");
        assertThat(hub.auditLog().query(new io.bulwark.hub.audit.AuditQuery(null, "mqtt.protocol-violation", null,
                null, null, null, 0, 10))).allSatisfy(record -> {
                    assertThat(record.actor()).isEqualTo("anonymous");
                    assertThat(record.source()).isEqualTo("127.0.0.1");
                    assertThat(record.outcome()).isEqualTo(io.bulwark.hub.audit.AuditOutcome.DENIED);
                });
    }

    @Test
    void closesAConnectionThatNeverSendsConnect() throws Exception { // S-DOS-2
        try (RawMqttClient client = RawMqttClient.open(ca, hub.mqttPort())) {
            long start = System.nanoTime();
            client.timeout(5_000);
            assertThat(client.isClosedByHub()).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
        }
        assertThat(auditDetails("mqtt.protocol-violation", 1)).containsExactly("no CONNECT accepted within 1 s");
    }

    @Test
    void refusesPublishesAndSubscriptionsOutsideTheDevicesNamespace() throws Exception { // S-ACL-1
        byte[] key = createDevice("d1");
        createDevice("d2");
        try (RawMqttClient client = RawMqttClient.open(ca, hub.mqttPort())) {
            assertThat(client.connect("d1", userName("d1"), token("d1", key, 3600))).isEqualTo(ACCEPTED);
            client.subscribe(7, "devices/d1/messages/devicebound/#", "#", "devices/d2/messages/devicebound/#",
                    "$SYS/#", "$iothub/twin/res/#");
            RawMqttClient.Packet subAck = client.read();
            assertThat(subAck.type()).isEqualTo(9);
            assertThat(subAck.body()).containsExactly(0, 7, 1, 0x80, 0x80, 0x80, 1);
            assertThat(lastAudit().action()).isEqualTo("mqtt.acl-violation");

            client.publish("devices/d2/messages/events/", MqttQoS.AT_LEAST_ONCE, 8, "spoofed");
            assertThat(client.isClosedByHub()).isTrue();
        }
        assertThat(readTelemetry()).isEmpty();
    }

    @Test
    void disablingADeviceClosesItsLiveConnectionWithinASecond() throws Exception { // S-AUTH-6
        byte[] key = createDevice("d1");
        try (RawMqttClient client = RawMqttClient.open(ca, hub.mqttPort())) {
            client.connect("d1", userName("d1"), token("d1", key, 3600));
            long start = System.nanoTime();
            api.put("/devices/d1", "{\"status\":\"disabled\"}", "If-Match", "*");
            client.timeout(1_000);
            assertThat(client.isClosedByHub()).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
        }
    }

    @Test
    void regeneratingTheKeyClosesTheLiveConnection() throws Exception { // S-AUTH-6
        byte[] key = createDevice("d1");
        try (RawMqttClient client = RawMqttClient.open(ca, hub.mqttPort())) {
            client.connect("d1", userName("d1"), token("d1", key, 3600));
            api.post("/devices/d1/regenerateKey", "{\"key\":\"both\"}");
            client.timeout(1_000);
            assertThat(client.isClosedByHub()).isTrue();
        }
    }

    @Test
    void closesTheConnectionWhenItsTokenExpires() throws Exception { // S-AUTH-4
        byte[] key = createDevice("d1");
        try (RawMqttClient client = RawMqttClient.open(ca, hub.mqttPort())) {
            assertThat(client.connect("d1", userName("d1"), token("d1", key, 2))).isEqualTo(ACCEPTED);
            client.timeout(5_000);
            assertThat(client.isClosedByHub()).isTrue();
        }
    }

    @Test
    void aSecondConnectionTakesOverAndIsRecorded() throws Exception { // S-AUTH-9
        byte[] key = createDevice("d1");
        try (RawMqttClient first = RawMqttClient.open(ca, hub.mqttPort());
             RawMqttClient second = RawMqttClient.open(ca, hub.mqttPort())) {
            assertThat(first.connect("d1", userName("d1"), token("d1", key, 3600))).isEqualTo(ACCEPTED);
            assertThat(second.connect("d1", userName("d1"), token("d1", key, 3600))).isEqualTo(ACCEPTED);
            first.timeout(2_000);
            assertThat(first.isClosedByHub()).isTrue();
            assertThat(lastAudit().action()).isEqualTo("device.conflicting-connection");
            assertThat(hub.isConnected(IdentityId.device("d1"))).isTrue();
        }
    }

    @Test
    void qos2AndOversizedPublishesCloseTheConnection() throws Exception { // S-DOS-1, S-DOS-3
        byte[] key = createDevice("d1");
        try (RawMqttClient client = RawMqttClient.open(ca, hub.mqttPort())) {
            client.connect("d1", userName("d1"), token("d1", key, 3600));
            client.publish("devices/d1/messages/events/", MqttQoS.EXACTLY_ONCE, 1, "exactly once?");
            assertThat(client.isClosedByHub()).isTrue();
        }
        try (RawMqttClient client = RawMqttClient.open(ca, hub.mqttPort())) {
            client.connect("d1", userName("d1"), token("d1", key, 3600));
            boolean closedWhileSending = false;
            try {
                client.publish("devices/d1/messages/events/", MqttQoS.AT_LEAST_ONCE, 1, "x".repeat(300 * 1024));
            } catch (java.net.SocketException brokenPipe) {
                // The hub reads the announced length, refuses it, and closes before the body is through.
                closedWhileSending = true;
            }
            assertThat(closedWhileSending || client.isClosedByHub()).isTrue();
        }
        assertThat(readTelemetry()).isEmpty();
        assertThat(auditDetails("mqtt.protocol-violation", 2)).containsExactly(
                "QoS 2 publish (the device protocol has QoS 0 and 1 only)", "malformed or oversized packet");
        assertThat(lastAudit().actor()).isEqualTo("device:d1");
    }

    @Test
    void aWillAimedAtAnotherDeviceIsRefused() throws Exception { // S-ACL-4
        byte[] key = createDevice("d1");
        createDevice("d2");
        try (RawMqttClient client = RawMqttClient.open(ca, hub.mqttPort())) {
            client.send(io.netty.handler.codec.mqtt.MqttMessageBuilders.connect()
                    .protocolVersion(io.netty.handler.codec.mqtt.MqttVersion.MQTT_3_1_1).clientId("d1")
                    .hasUser(true).username(userName("d1"))
                    .hasPassword(true).password(token("d1", key, 3600).getBytes(java.nio.charset.StandardCharsets.UTF_8))
                    .willFlag(true).willTopic("devices/d2/messages/events/").willMessage("spoof".getBytes())
                    .willQoS(MqttQoS.AT_LEAST_ONCE).keepAlive(60).build());
            assertThat(client.read().connectReturnCode()).isEqualTo(NOT_AUTHORIZED);
        }
        assertThat(lastAudit().action()).isEqualTo("mqtt.acl-violation");
    }

    @Test
    void deletingADeviceClosesItsLiveConnection() throws Exception { // S-AUTH-6
        byte[] key = createDevice("d1");
        try (RawMqttClient client = RawMqttClient.open(ca, hub.mqttPort())) {
            client.connect("d1", userName("d1"), token("d1", key, 3600));
            api.delete("/devices/d1");
            client.timeout(1_000);
            assertThat(client.isClosedByHub()).isTrue();
        }
    }

    @Test
    void aDeviceOverItsMessageRateIsSlowedDownNotCutOff() throws Exception { // S-DOS-3
        restart("throttled", FAST.withDeviceRates(10, 1024 * 1024));
        byte[] key = createDevice("chatty");
        try (RawMqttClient client = RawMqttClient.open(ca, hub.mqttPort())) {
            client.connect("chatty", userName("chatty"), token("chatty", key, 3600));
            long start = System.nanoTime();
            for (int i = 1; i <= 40; i++) {
                client.publish("devices/chatty/messages/events/", MqttQoS.AT_LEAST_ONCE, i, "m" + i);
            }
            for (int i = 1; i <= 40; i++) {
                assertThat(client.read().type()).isEqualTo(4);
            }
            // A burst of 10, then 10 a second: 40 messages need about three seconds.
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(Duration.ofMillis(2500));
        }
        assertThat(readTelemetry()).hasSize(40);
        assertThat(JSON.readTree(api.get("/audit?action=mqtt.throttled").body())).isNotEmpty();
    }

    @Test
    void aSourceOpeningConnectionsTooFastIsCutOff() throws Exception { // S-DOS-2
        restart("limited", FAST.withConnectsPerSecondPerSource(1));
        int refused = 0;
        for (int i = 0; i < 15; i++) {
            try (RawMqttClient client = RawMqttClient.open(hub.dataFolder().caCertificate(), hub.mqttPort())) {
                client.timeout(2_000);
            } catch (java.io.IOException closedBeforeTls) {
                refused++;
            }
        }
        // A burst of ten is allowed; the rest arrive faster than one a second and are closed before TLS.
        assertThat(refused).isGreaterThanOrEqualTo(4);
    }

}
