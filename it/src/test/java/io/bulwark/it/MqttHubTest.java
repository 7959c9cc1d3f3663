package io.bulwark.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bulwark.hub.Hub;
import io.bulwark.hub.HubConfig;
import io.bulwark.hub.HubLimits;
import io.bulwark.hub.ServiceClient;
import io.bulwark.hub.audit.AuditRecord;
import io.bulwark.protocol.sas.SasToken;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real hub on loopback with random ports, no clock skew and a one-second CONNECT deadline, plus the small
 * factories the MQTT tests share: devices with their keys, user names, tokens, and reading what the hub stored.
 */
abstract class MqttHubTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final int ACCEPTED = 0;
    static final int BAD_USER_NAME_OR_PASSWORD = 4;
    static final int NOT_AUTHORIZED = 5;
    static final HubLimits FAST = HubLimits.DEFAULTS.withSasClockSkew(Duration.ZERO)
            .withMqttConnectTimeout(Duration.ofSeconds(1));

    @TempDir
    Path data;
    Hub hub;
    ServiceClient api;
    Path ca;

    @BeforeEach
    void start() {
        restart("hub", FAST);
    }

    @AfterEach
    void stop() {
        hub.close();
    }

    /** Replaces the hub with a fresh one (own data folder) running with other limits. */
    void restart(String folder, HubLimits limits) {
        if (hub != null) {
            hub.close();
        }
        hub = Hub.start(new HubConfig(data.resolve(folder), List.of(), "127.0.0.1", 0, 0, limits, hubEnvironment()));
        api = ServiceClient.forPolicy(hub.dataFolder(), hub.httpsPort(), "iothubowner");
        ca = hub.dataFolder().caCertificate();
    }

    /** The hub's environment; a subclass returns {@code BULWARK_NATIVE_IO=off} to run its tests on the JDK's TLS. */
    Map<String, String> hubEnvironment() {
        return Map.of();
    }

    byte[] createDevice(String id) throws Exception {
        JsonNode device = JSON.readTree(api.put("/devices/" + id, "{}").body());
        return Base64.getDecoder().decode(device.at("/authentication/symmetricKey/primaryKey").asText());
    }

    static String userName(String deviceId) {
        return "127.0.0.1/" + deviceId + "/?api-version=2021-04-12";
    }

    static String token(String deviceId, byte[] key, long secondsFromNow) {
        return SasToken.create("127.0.0.1/devices/" + deviceId, key, Instant.now().plusSeconds(secondsFromNow), null)
                .format();
    }

    List<JsonNode> readTelemetry() throws Exception {
        List<JsonNode> messages = new ArrayList<>();
        JSON.readTree(api.get("/streams/telemetry/messages").body()).forEach(messages::add);
        return messages;
    }

    /** The details of the audit records with this action, oldest first, once at least {@code count} exist. */
    List<String> auditDetails(String action, int count) {
        List<String> details = new ArrayList<>();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> {
            details.clear();
            hub.auditLog().query(new io.bulwark.hub.audit.AuditQuery(null, action, null, null, null, null, 0, 1000))
                    .forEach(record -> details.add(record.detail()));
            return details.size() >= count;
        });
        return details;
    }

    /** The alerts a {@code GET} of this {@code /alerts?...} path answers, after checking it answered 200. */
    List<JsonNode> alerts(String path) throws Exception {
        var answer = api.get(path);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        List<JsonNode> alerts = new ArrayList<>();
        JSON.readTree(answer.body()).forEach(alerts::add);
        return alerts;
    }

    AuditRecord lastAudit() {
        return hub.auditLog().latest().orElseThrow();
    }

    /** The topic of a PUBLISH read back: a two-byte length, then the name. */
    static String topicOf(RawMqttClient.Packet publish) {
        assertThat(publish.type()).isEqualTo(3);
        return new String(publish.body(), 2, topicLength(publish), StandardCharsets.UTF_8);
    }

    static int topicLength(RawMqttClient.Packet publish) {
        return (publish.body()[0] & 0xff) << 8 | (publish.body()[1] & 0xff);
    }
}
