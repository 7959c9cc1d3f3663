package io.bulwark.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.bulwark.hub.audit.AuditOutcome;
import io.bulwark.hub.audit.AuditRecord;
import io.bulwark.hub.registry.IdentityId;
import io.bulwark.hub.tls.TrustedHubCa;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttQoS;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.http.HttpResponse;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocket;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * MQTT over WebSocket on the HTTPS port, driven by the JDK's own WebSocket client with raw MQTT packets: the same
 * sessions as MQTT over TLS on 8883, reached at both paths, refused exactly as over TCP, and marked {@code mqtt-ws} in
 * the streams.
 */
class MqttOverWebSocketTest extends MqttHubTest {

    private static final String AZURE_PATH = "/$iothub/websocket";
    private static final String PLAIN_PATH = "/mqtt";

    private RawMqttClient open(String path) throws Exception {
        return RawMqttClient.openWebSocket(ca, hub.httpsPort(), path);
    }

    @ParameterizedTest
    @ValueSource(strings = {AZURE_PATH, PLAIN_PATH})
    void acknowledgesTelemetryMarkedAsComingOverWebSocket(String path) throws Exception { // S-DATA-1
        byte[] key = createDevice("d1");
        try (RawMqttClient client = open(path)) {
            assertThat(client.connect("d1", userName("d1"), token("d1", key, 3600))).isEqualTo(ACCEPTED);
            client.publish("devices/d1/messages/events/%24.mid=m-1&kind=ws", MqttQoS.AT_LEAST_ONCE, 3, "{\"t\":1}");
            RawMqttClient.Packet pubAck = client.read();
            assertThat(pubAck.type()).isEqualTo(4);
            assertThat(pubAck.body()).containsExactly(0, 3);
            // The session sees the device's own address, not the in-VM end of the tunnel.
            JsonNode shown = JSON.readTree(api.get("/devices/d1").body());
            assertThat(shown.path("connectionState").asText()).isEqualTo("Connected");
            assertThat(shown.path("connectionSource").asText()).isEqualTo("127.0.0.1");
        }
        JsonNode stored = readTelemetry().get(0);
        assertThat(stored.path("deviceId").asText()).isEqualTo("d1");
        assertThat(stored.path("sourceProtocol").asText()).isEqualTo("mqtt-ws");
        assertThat(stored.at("/properties/$.mid").asText()).isEqualTo("m-1");
        assertThat(stored.at("/properties/kind").asText()).isEqualTo("ws");
        assertThat(new String(Base64.getDecoder().decode(stored.path("body").asText()))).isEqualTo("{\"t\":1}");
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> JSON.readTree(api.get("/devices/d1").body())
                .path("connectionState").asText().equals("Disconnected"));
    }

    @Test
    void tcpTelemetryStaysMarkedMqtt() throws Exception {
        byte[] key = createDevice("d1");
        try (RawMqttClient client = RawMqttClient.open(ca, hub.mqttPort())) {
            client.connect("d1", userName("d1"), token("d1", key, 3600));
            client.publish("devices/d1/messages/events/", MqttQoS.AT_LEAST_ONCE, 1, "tcp");
            assertThat(client.read().type()).isEqualTo(4);
        }
        assertThat(readTelemetry().get(0).path("sourceProtocol").asText()).isEqualTo("mqtt");
    }

    @Test
    void deliversCloudToDeviceMessagesOverWebSocket() throws Exception {
        byte[] key = createDevice("d1");
        HttpResponse<String> queued = api.post("/devices/d1/messages/deviceBound", "open the valve",
                "iothub-messageid", "cmd-1", "iothub-app-valve", "7");
        assertThat(queued.statusCode()).as(queued.body()).isEqualTo(202);
        try (RawMqttClient client = open(PLAIN_PATH)) {
            client.connect("d1", userName("d1"), token("d1", key, 3600));
            client.subscribe(1, "devices/d1/messages/devicebound/#");
            assertThat(client.read().type()).isEqualTo(9);
            RawMqttClient.Packet delivery = client.read();
            assertThat(topicOf(delivery)).isEqualTo("devices/d1/messages/devicebound/"
                    + "%24.to=%2Fdevices%2Fd1%2Fmessages%2FdeviceBound&%24.mid=cmd-1&valve=7");
            int at = 2 + topicLength(delivery);
            int packetId = (delivery.body()[at] & 0xff) << 8 | (delivery.body()[at + 1] & 0xff);
            assertThat(new String(delivery.body(), at + 2, delivery.body().length - at - 2))
                    .isEqualTo("open the valve");
            client.send(MqttMessageBuilders.pubAck().packetId(packetId).build());
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> JSON.readTree(
                    api.get("/devices/d1").body()).path("cloudToDeviceMessageCount").asInt() == 0);
        }
    }

    @Test
    void refusesABadTokenExactlyLikeMqttOverTls() throws Exception { // S-AUTH-4
        createDevice("d1");
        byte[] otherKey = createDevice("d2");
        String wrongKey = token("d1", otherKey, 3600);
        try (RawMqttClient tcp = RawMqttClient.open(ca, hub.mqttPort())) {
            assertThat(tcp.connect("d1", userName("d1"), wrongKey)).isEqualTo(NOT_AUTHORIZED);
        }
        AuditRecord overTcp = lastAudit();
        try (RawMqttClient client = open(AZURE_PATH)) {
            assertThat(client.connect("d1", userName("d1"), wrongKey)).isEqualTo(NOT_AUTHORIZED);
            assertThat(client.isClosedByHub()).isTrue();
        }
        AuditRecord overWebSocket = lastAudit();
        assertThat(overWebSocket.sequence()).isGreaterThan(overTcp.sequence());
        assertThat(overWebSocket.action()).isEqualTo("auth.failure");
        assertThat(overWebSocket.outcome()).isEqualTo(AuditOutcome.DENIED);
        assertThat(overWebSocket.source()).isEqualTo("127.0.0.1");
        assertThat(overWebSocket).usingRecursiveComparison()
                .comparingOnlyFields("actor", "action", "target", "outcome", "source", "detail").isEqualTo(overTcp);
        assertThat(overWebSocket.detail()).doesNotContain(wrongKey.substring(wrongKey.indexOf("sig=") + 4)); // S-DATA-4
        assertThat(hub.isConnected(IdentityId.device("d1"))).isFalse();
        try (RawMqttClient client = open(AZURE_PATH)) {
            assertThat(client.connect("d1", userName("d1"), "")).isEqualTo(BAD_USER_NAME_OR_PASSWORD); // S-AUTH-3
        }
    }

    @Test
    void closesTheConnectionOnAPublishToAnotherDevicesTopic() throws Exception { // S-ACL-1
        byte[] key = createDevice("d1");
        createDevice("d2");
        try (RawMqttClient client = open(PLAIN_PATH)) {
            assertThat(client.connect("d1", userName("d1"), token("d1", key, 3600))).isEqualTo(ACCEPTED);
            client.subscribe(7, "devices/d2/messages/devicebound/#");
            assertThat(client.read().body()).containsExactly(0, 7, 0x80);
            client.publish("devices/d2/messages/events/", MqttQoS.AT_LEAST_ONCE, 8, "spoofed");
            assertThat(client.isClosedByHub()).isTrue();
        }
        assertThat(lastAudit().action()).isEqualTo("mqtt.acl-violation");
        assertThat(lastAudit().source()).isEqualTo("127.0.0.1");
        assertThat(readTelemetry()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {AZURE_PATH, PLAIN_PATH})
    void theUpgradeAnswerCarriesTheSecurityHeadersOfEveryHttpsAnswer(String path) throws Exception { // S-OP-3, S-TLS-1
        Map<String, String> upgraded = rawAnswer(path, "Sec-WebSocket-Protocol: mqtt\r\n");
        assertThat(upgraded.get(":status")).isEqualTo("HTTP/1.1 101 Switching Protocols");
        assertThat(upgraded.get("sec-websocket-protocol")).isEqualTo("mqtt");
        Map<String, String> refused = rawAnswer(path, "Sec-WebSocket-Protocol: chat\r\n");
        assertThat(refused.get(":status")).startsWith("HTTP/1.1 400");
        for (Map<String, String> answer : List.of(upgraded, refused)) {
            assertThat(answer.get("strict-transport-security")).as(answer.get(":status"))
                    .isEqualTo("max-age=31536000");
            assertThat(answer.get("x-content-type-options")).isEqualTo("nosniff");
            assertThat(answer.get("cache-control")).isEqualTo("no-store");
            assertThat(answer).doesNotContainKey("server");
        }
        HttpResponse<String> plain = api.get(path);
        assertThat(plain.statusCode()).isEqualTo(426);
        assertThat(plain.headers().firstValue("Strict-Transport-Security")).hasValue("max-age=31536000");
    }

    /**
     * The status line (key {@code :status}) and headers (names lower-cased) of the hub's answer to a hand-written
     * upgrade request, read off the TLS socket before any WebSocket client could hide them.
     */
    private Map<String, String> rawAnswer(String path, String extraHeaders) throws Exception {
        try (SSLSocket socket = (SSLSocket) TrustedHubCa.clientContext(ca).getSocketFactory()
                .createSocket("127.0.0.1", hub.httpsPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + hub.httpsPort()
                    + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n" + extraHeaders + "\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.ISO_8859_1));
            Map<String, String> answer = new HashMap<>();
            answer.put(":status", in.readLine());
            for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                int colon = line.indexOf(':');
                answer.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
            }
            return answer;
        }
    }

    @Test
    void refusesAnUpgradeThatDoesNotOfferTheMqttSubprotocol() throws Exception {
        for (String[] offered : new String[][] {{}, {"chat"}, {"mqttv3.1"}}) {
            assertThatThrownBy(() -> MqttWebSocketCarrier.open(ca, hub.httpsPort(), AZURE_PATH, offered))
                    .as(String.join(",", offered))
                    .cause().isInstanceOf(WebSocketHandshakeException.class)
                    .satisfies(refused -> assertThat(((WebSocketHandshakeException) refused).getResponse()
                            .statusCode()).isEqualTo(400));
        }
        try (MqttWebSocketCarrier accepted = MqttWebSocketCarrier.open(ca, hub.httpsPort(), PLAIN_PATH, "chat",
                "mqtt")) {
            assertThat(accepted.subprotocol()).isEqualTo("mqtt");
        }
        HttpResponse<String> plain = api.get(PLAIN_PATH);
        assertThat(plain.statusCode()).isEqualTo(426);
        assertThat(plain.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    }

    @Test
    void aPacketLargerThanTheLimitClosesTheConnection() throws Exception { // S-DOS-1
        // One 300 KiB frame: Jetty hands it on in pieces of at most the frame limit, and the session's decoder
        // refuses the packet it announces, exactly as over TCP.
        byte[] key = createDevice("d1");
        try (RawMqttClient client = open(PLAIN_PATH)) {
            assertThat(client.connect("d1", userName("d1"), token("d1", key, 3600))).isEqualTo(ACCEPTED);
            boolean closedWhileSending = false;
            try {
                client.publish("devices/d1/messages/events/", MqttQoS.AT_LEAST_ONCE, 1, "x".repeat(300 * 1024));
            } catch (java.net.SocketException closed) {
                closedWhileSending = true;
            }
            assertThat(closedWhileSending || client.isClosedByHub()).isTrue();
        }
        assertThat(readTelemetry()).isEmpty();
    }

    @Test
    void closesTheConnectionOnATextFrame() throws Exception {
        try (MqttWebSocketCarrier carrier = MqttWebSocketCarrier.open(ca, hub.httpsPort(), PLAIN_PATH, "mqtt")) {
            carrier.sendText("CONNECT");
            assertThat(carrier.closeCode().get(5, TimeUnit.SECONDS)).isEqualTo(1003);
        }
    }

    @Test
    void closesAConnectionThatNeverSendsConnect() throws Exception { // S-DOS-2
        try (RawMqttClient client = open(PLAIN_PATH)) {
            client.timeout(5_000);
            assertThat(client.isClosedByHub()).isTrue();
        }
    }

    @Test
    void aDeviceOverItsByteRateIsSlowedDownNotCutOff() throws Exception { // S-DOS-3
        // 480 KiB at 128 KiB a second: the session stops reading, the device's frames pile up past the WebSocket
        // read window, reading from the WebSocket pauses, and everything still arrives once the rate allows.
        restart("throttled", FAST.withDeviceRates(1_000, 128 * 1024));
        byte[] key = createDevice("chatty");
        String payload = "x".repeat(40 * 1024);
        try (RawMqttClient client = open(PLAIN_PATH)) {
            client.connect("chatty", userName("chatty"), token("chatty", key, 3600));
            for (int i = 1; i <= 12; i++) {
                client.publish("devices/chatty/messages/events/", MqttQoS.AT_LEAST_ONCE, i, payload);
            }
            client.timeout(30_000);
            for (int i = 1; i <= 12; i++) {
                RawMqttClient.Packet pubAck = client.read();
                assertThat(pubAck).as("PUBACK " + i).isNotNull();
                assertThat(pubAck.type()).isEqualTo(4);
            }
        }
        assertThat(readTelemetry()).hasSize(12);
        assertThat(JSON.readTree(api.get("/audit?action=mqtt.throttled").body())).isNotEmpty();
    }

    @Test
    void deletingTheDeviceClosesItsWebSocketWithinASecond() throws Exception { // S-AUTH-6
        byte[] key = createDevice("d1");
        MqttWebSocketCarrier carrier = MqttWebSocketCarrier.open(ca, hub.httpsPort(), AZURE_PATH, "mqtt");
        try (RawMqttClient client = new RawMqttClient(carrier)) {
            assertThat(client.connect("d1", userName("d1"), token("d1", key, 3600))).isEqualTo(ACCEPTED);
            assertThat(hub.isConnected(IdentityId.device("d1"))).isTrue();
            long start = System.nanoTime();
            api.delete("/devices/d1");
            assertThat(carrier.closeCode().get(1, TimeUnit.SECONDS)).isEqualTo(1000);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
            assertThat(hub.isConnected(IdentityId.device("d1"))).isFalse();
        }
        try (RawMqttClient client = open(AZURE_PATH)) {
            assertThat(client.connect("d1", userName("d1"), token("d1", key, 3600))).isEqualTo(NOT_AUTHORIZED);
        }
    }
}
