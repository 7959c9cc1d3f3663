package io.bulwark.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bulwark.hub.Hub;
import io.bulwark.hub.HubConfig;
import io.bulwark.hub.HubLimits;
import io.bulwark.hub.ServiceClient;
import io.bulwark.hub.audit.AuditRecord;
import io.bulwark.hub.registry.IdentityId;
import io.bulwark.protocol.sas.SasToken;
import io.netty.handler.codec.mqtt.MqttQoS;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The MQTT door of a real hub, driven with raw packets: every kind of bad CONNECT gets the exact refusal, nothing
 * outside a device's namespace is accepted, and revoked or expired credentials end live connections.
 */
class MqttConnectSecurityTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int ACCEPTED = 0;
    private static final int BAD_USER_NAME_OR_PASSWORD = 4;
    private static final int NOT_AUTHORIZED = 5;
    private static final HubLimits FAST = HubLimits.DEFAULTS.withSasClockSkew(Duration.ZERO)
            .withMqttConnectTimeout(Duration.ofSeconds(1));

    @TempDir
    Path data;
    Hub hub;
    ServiceClient api;
    Path ca;

    @BeforeEach
    void start() {
        hub = Hub.start(new HubConfig(data, List.of(), "127.0.0.1", 0, 0, FAST, Map.of()));
        api = ServiceClient.forPolicy(hub.dataFolder(), hub.httpsPort(), "iothubowner");
        ca = hub.dataFolder().caCertificate();
    }

    @AfterEach
    void stop() {
        hub.close();
    }

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
    }

    @Test
    void closesAConnectionThatNeverSendsConnect() throws Exception { // S-DOS-2
        try (RawMqttClient client = RawMqttClient.open(ca, hub.mqttPort())) {
            long start = System.nanoTime();
            client.timeout(5_000);
            assertThat(client.isClosedByHub()).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
        }
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
    void acknowledgesTelemetryOnlyOnceItIsStored() throws Exception { // S-DATA-1
        byte[] key = createDevice("d1");
        try (RawMqttClient client = RawMqttClient.open(ca, hub.mqttPort())) {
            client.connect("d1", userName("d1"), token("d1", key, 3600));
            client.publish("devices/d1/messages/events/%24.mid=m-1&kind=test", MqttQoS.AT_LEAST_ONCE, 3, "{\"t\":1}");
            RawMqttClient.Packet pubAck = client.read();
            assertThat(pubAck.type()).isEqualTo(4);
            assertThat(pubAck.body()).containsExactly(0, 3);
        }
        JsonNode stored = readTelemetry().get(0);
        assertThat(stored.path("deviceId").asText()).isEqualTo("d1");
        assertThat(stored.at("/properties/$.mid").asText()).isEqualTo("m-1");
        assertThat(stored.at("/properties/kind").asText()).isEqualTo("test");
        assertThat(new String(Base64.getDecoder().decode(stored.path("body").asText()))).isEqualTo("{\"t\":1}");
    }

    @Test
    void securityEventsGoToTheSecurityStreamOnly() throws Exception {
        byte[] key = createDevice("d1");
        try (RawMqttClient client = RawMqttClient.open(ca, hub.mqttPort())) {
            client.connect("d1", userName("d1"), token("d1", key, 3600));
            client.publish("devices/d1/messages/events/bulwark-stream=security", MqttQoS.AT_LEAST_ONCE, 1,
                    "{\"type\":\"tamper\"}");
            assertThat(client.read().type()).isEqualTo(4);
        }
        assertThat(readTelemetry()).isEmpty();
        JsonNode security = JSON.readTree(api.get("/streams/security/messages").body());
        assertThat(security).hasSize(1);
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
    void methodsAnswer404ForOfflineDevicesAnd504WhenUnanswered() throws Exception {
        byte[] key = createDevice("d1");
        String call = "{\"methodName\":\"ping\",\"payload\":{},\"responseTimeoutInSeconds\":5}";
        HttpResponse<String> offline = api.post("/twins/d1/methods", call, "Content-Type", "application/json");
        assertThat(offline.statusCode()).isEqualTo(404);
        assertThat(offline.body()).contains("device-not-online");
        try (RawMqttClient client = RawMqttClient.open(ca, hub.mqttPort())) {
            client.connect("d1", userName("d1"), token("d1", key, 3600));
            client.subscribe(1, "$iothub/methods/POST/#");
            assertThat(client.read().type()).isEqualTo(9);
            long start = System.nanoTime();
            HttpResponse<String> unanswered = api.post("/twins/d1/methods", call, "Content-Type",
                    "application/json");
            assertThat(unanswered.statusCode()).isEqualTo(504);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofSeconds(4),
                    Duration.ofSeconds(8));
            RawMqttClient.Packet request = client.read();
            assertThat(request.type()).isEqualTo(3);
            assertThat(new String(request.body(), java.nio.charset.StandardCharsets.UTF_8))
                    .contains("$iothub/methods/POST/ping/?$rid=");
        }
        HttpResponse<String> badName = api.post("/twins/d1/methods", "{\"methodName\":\"a/b\"}",
                "Content-Type", "application/json");
        assertThat(badName.statusCode()).isEqualTo(400);
    }

    @Test
    void twinAnswersUseThreeDigitStatusAndRidBeforeVersion() throws Exception {
        byte[] key = createDevice("d1");
        try (RawMqttClient client = RawMqttClient.open(ca, hub.mqttPort())) {
            client.connect("d1", userName("d1"), token("d1", key, 3600));
            client.subscribe(1, "$iothub/twin/res/#");
            client.read();
            client.publish("$iothub/twin/PATCH/properties/reported/?$rid=7", MqttQoS.AT_MOST_ONCE, 0,
                    "{\"fw\":\"2.0\"}");
            assertThat(topicOf(client.read())).isEqualTo("$iothub/twin/res/204/?$rid=7&$version=2");
            client.publish("$iothub/twin/PATCH/properties/reported/?$rid=8", MqttQoS.AT_MOST_ONCE, 0, "not json");
            assertThat(topicOf(client.read())).isEqualTo("$iothub/twin/res/400/?$rid=8");
            client.publish("$iothub/twin/GET/?$rid=9", MqttQoS.AT_MOST_ONCE, 0, "");
            RawMqttClient.Packet twin = client.read();
            assertThat(topicOf(twin)).isEqualTo("$iothub/twin/res/200/?$rid=9");
            assertThat(new String(twin.body(), java.nio.charset.StandardCharsets.UTF_8))
                    .endsWith("{\"desired\":{\"$version\":1},\"reported\":{\"fw\":\"2.0\",\"$version\":2}}");
        }
    }

    @Test
    void cloudToDeviceMessagesAreDeliveredAgainUntilAcknowledged() throws Exception {
        byte[] key = createDevice("d1");
        HttpResponse<String> queued = api.post("/devices/d1/messages/deviceBound", "open the valve",
                "iothub-messageid", "cmd-1", "iothub-app-valve", "7");
        assertThat(queued.statusCode()).as(queued.body()).isEqualTo(202);
        try (RawMqttClient client = RawMqttClient.open(ca, hub.mqttPort())) {
            client.connect("d1", userName("d1"), token("d1", key, 3600));
            client.subscribe(1, "devices/d1/messages/devicebound/#");
            assertThat(client.read().type()).isEqualTo(9);
            RawMqttClient.Packet delivery = client.read();
            assertThat(delivery.type()).isEqualTo(3);
            assertThat(publishTopic(delivery, true)).isEqualTo("devices/d1/messages/devicebound/"
                    + "%24.to=%2Fdevices%2Fd1%2Fmessages%2FdeviceBound&%24.mid=cmd-1&valve=7");
            // Dropped without PUBACK: the message must come again on the next connection.
        }
        try (RawMqttClient client = RawMqttClient.open(ca, hub.mqttPort())) {
            client.connect("d1", userName("d1"), token("d1", key, 3600));
            client.subscribe(1, "devices/d1/messages/devicebound/#");
            client.read();
            RawMqttClient.Packet again = client.read();
            assertThat(publishTopic(again, true)).contains("%24.mid=cmd-1");
            int packetId = (again.body()[2 + topicLength(again)] & 0xff) << 8 | (again.body()[3 + topicLength(again)] & 0xff);
            client.send(io.netty.handler.codec.mqtt.MqttMessageBuilders.pubAck().packetId(packetId).build());
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> JSON.readTree(
                    api.get("/devices/d1").body()).path("cloudToDeviceMessageCount").asInt() == 0);
        }
    }

    @Test
    void queueDepthIsBoundedAndPurgeEmptiesIt() throws Exception { // S-DOS-3
        createDevice("d1");
        for (int i = 0; i < 50; i++) {
            assertThat(api.post("/devices/d1/messages/deviceBound", "m" + i).statusCode()).isEqualTo(202);
        }
        HttpResponse<String> full = api.post("/devices/d1/messages/deviceBound", "one too many");
        assertThat(full.statusCode()).isEqualTo(429);
        assertThat(full.body()).contains("queue-full");
        HttpResponse<String> purged = api.delete("/devices/d1/commands");
        assertThat(JSON.readTree(purged.body()).path("totalMessagesPurged").asInt()).isEqualTo(50);
        assertThat(api.post("/devices/nobody/messages/deviceBound", "x").statusCode()).isEqualTo(404);
    }

    private static int topicLength(RawMqttClient.Packet publish) {
        return (publish.body()[0] & 0xff) << 8 | (publish.body()[1] & 0xff);
    }

    private static String publishTopic(RawMqttClient.Packet publish, boolean qos1) {
        assertThat(publish.type()).isEqualTo(3);
        return new String(publish.body(), 2, topicLength(publish), java.nio.charset.StandardCharsets.UTF_8);
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
    void anAcceptedWillIsPublishedWhenTheConnectionDies() throws Exception {
        byte[] key = createDevice("d1");
        RawMqttClient client = RawMqttClient.open(ca, hub.mqttPort());
        client.send(io.netty.handler.codec.mqtt.MqttMessageBuilders.connect()
                .protocolVersion(io.netty.handler.codec.mqtt.MqttVersion.MQTT_3_1_1).clientId("d1")
                .hasUser(true).username(userName("d1"))
                .hasPassword(true).password(token("d1", key, 3600).getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .willFlag(true).willTopic("devices/d1/messages/events/state=lost").willMessage("bye".getBytes())
                .willQoS(MqttQoS.AT_LEAST_ONCE).keepAlive(60).build());
        assertThat(client.read().connectReturnCode()).isEqualTo(ACCEPTED);
        client.close();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> readTelemetry().size() == 1);
        JsonNode will = readTelemetry().get(0);
        assertThat(will.at("/properties/iothub-MessageType").asText()).isEqualTo("Will");
        assertThat(will.at("/properties/state").asText()).isEqualTo("lost");
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
        hub.close();
        hub = Hub.start(new HubConfig(data.resolve("throttled"), List.of(), "127.0.0.1", 0, 0,
                FAST.withDeviceRates(10, 1024 * 1024), Map.of()));
        api = ServiceClient.forPolicy(hub.dataFolder(), hub.httpsPort(), "iothubowner");
        ca = hub.dataFolder().caCertificate();
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
        hub.close();
        hub = Hub.start(new HubConfig(data.resolve("limited"), List.of(), "127.0.0.1", 0, 0,
                FAST.withConnectsPerSecondPerSource(1), Map.of()));
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

    /** The topic of a QoS 0 PUBLISH: a two-byte length, then the name. */
    private static String topicOf(RawMqttClient.Packet publish) {
        assertThat(publish.type()).isEqualTo(3);
        int length = (publish.body()[0] & 0xff) << 8 | (publish.body()[1] & 0xff);
        return new String(publish.body(), 2, length, java.nio.charset.StandardCharsets.UTF_8);
    }

    private byte[] createDevice(String id) throws Exception {
        JsonNode device = JSON.readTree(api.put("/devices/" + id, "{}").body());
        return Base64.getDecoder().decode(device.at("/authentication/symmetricKey/primaryKey").asText());
    }

    private static String userName(String deviceId) {
        return "127.0.0.1/" + deviceId + "/?api-version=2021-04-12";
    }

    private static String token(String deviceId, byte[] key, long secondsFromNow) {
        return SasToken.create("127.0.0.1/devices/" + deviceId, key, Instant.now().plusSeconds(secondsFromNow), null)
                .format();
    }

    private List<JsonNode> readTelemetry() throws Exception {
        List<JsonNode> messages = new java.util.ArrayList<>();
        JSON.readTree(api.get("/streams/telemetry/messages").body()).forEach(messages::add);
        return messages;
    }

    private AuditRecord lastAudit() {
        return hub.auditLog().latest().orElseThrow();
    }
}
