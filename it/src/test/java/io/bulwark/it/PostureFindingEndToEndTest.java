package io.bulwark.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.bulwark.protocol.security.PhysicalAccess;
import io.bulwark.protocol.security.PostureSnapshot;
import io.bulwark.protocol.security.PostureSnapshot.Firewall;
import io.bulwark.protocol.security.PostureSnapshot.ListeningPort;
import io.bulwark.protocol.security.PostureSnapshot.OperatingSystem;
import io.bulwark.protocol.security.SecurityEvent;
import io.bulwark.protocol.security.SecurityEventCodec;
import io.netty.handler.codec.mqtt.MqttQoS;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * S-MON-2 end to end: a device sends a posture snapshot over MQTT as {@code bulwark-stream=security}; the hub's
 * posture follower (off the ingest path) checks it against the device's class, and the deviation becomes a finding over
 * REST and an alert; a later clean snapshot closes the finding and resolves the alert; deleting the device purges its
 * posture (S-DATA-3).
 */
class PostureFindingEndToEndTest extends MqttHubTest {

    private static final Duration GENEROUS = Duration.ofSeconds(30);
    private final SecurityEventCodec codec = new SecurityEventCodec();

    @Test
    void aForbiddenListeningPortSentOverMqttBecomesAFindingAndAnAlertAndClosesWhenGone() throws Exception {
        HttpResponse<String> deviceClass = api.put("/deviceClasses/gateway", """
                {"baseline": {"allowedListeningPorts": [{"protocol": "tcp", "port": 22}], "usbAllowed": false,
                              "firewallRequired": true}}""");
        assertThat(deviceClass.statusCode()).as(deviceClass.body()).isEqualTo(201);
        JsonNode device = JSON.readTree(api.put("/devices/gw-1",
                "{\"deviceId\": \"gw-1\", \"tags\": {\"deviceClass\": \"gateway\"}}").body());
        byte[] key = Base64.getDecoder().decode(device.at("/authentication/symmetricKey/primaryKey").asText());

        try (RawMqttClient client = RawMqttClient.open(ca, hub.mqttPort())) {
            client.connect("gw-1", userName("gw-1"), token("gw-1", key, 3600));
            publishPosture(client, 1, 1, List.of(new ListeningPort("tcp", 4, "0.0.0.0", 22),
                    new ListeningPort("tcp", 4, "0.0.0.0", 23)));

            JsonNode finding = await().atMost(GENEROUS).until(() -> openFinding("gw-1"), found -> found != null);
            assertThat(finding.path("check").asText()).isEqualTo("listening-ports");
            assertThat(finding.path("severity").asText()).isEqualTo("high");
            assertThat(finding.path("message").asText()).isEqualTo("listening on ports the class does not allow: tcp/23");
            long securityOffset = JSON.readTree(api.get("/streams/security/messages").body()).get(0)
                    .path("offset").asLong();
            assertThat(finding.path("evidenceOffset").asLong()).isEqualTo(securityOffset);

            JsonNode alerts = await().atMost(GENEROUS).until(() -> JSON.readTree(api.get(
                    "/alerts?deviceId=gw-1&rule=posture").body()), found -> found.size() == 1);
            assertThat(alerts.get(0).path("dedupKey").asText()).isEqualTo("posture:listening-ports:device:gw-1");
            assertThat(alerts.get(0).path("state").asText()).isEqualTo("open");

            publishPosture(client, 2, 2, List.of(new ListeningPort("tcp", 4, "0.0.0.0", 22)));
            await().atMost(GENEROUS).until(() -> openFinding("gw-1") == null);
        }
        JsonNode closed = JSON.readTree(api.get("/posture/findings?deviceId=gw-1&state=closed").body());
        assertThat(closed).hasSize(1);
        assertThat(closed.get(0).path("closed").asText()).isNotEmpty();
        JsonNode fleet = JSON.readTree(api.get("/posture/fleet").body());
        assertThat(fleet.path("operatingSystems").get(0).path("version").asText()).isEqualTo("debian 12");
        assertThat(fleet.path("operatingSystems").get(0).path("devices").get(0).asText()).isEqualTo("gw-1");

        // The clean snapshot resolved the finding's alert, as the hub's posture checker, audited.
        JsonNode resolved = await().atMost(GENEROUS).until(() -> JSON.readTree(api.get(
                "/alerts?deviceId=gw-1&rule=posture").body()).get(0), alert -> alert.path("state").asText()
                .equals("resolved"));
        assertThat(resolved.path("stateChangedBy").asText()).isEqualTo("system:posture");
        assertThat(resolved.path("note").asText()).startsWith("finding closed: the snapshot at security offset ");
        JsonNode resolveRecords = JSON.readTree(api.get("/audit?action=alert.resolve").body());
        assertThat(resolveRecords).hasSize(1);
        assertThat(resolveRecords.get(0).path("actor").asText()).isEqualTo("system:posture");

        // S-DATA-3: deleting the device purges its posture and findings; a device re-created under its id has none.
        assertThat(api.delete("/devices/gw-1").statusCode()).isEqualTo(204);
        api.put("/devices/gw-1", "{\"deviceId\": \"gw-1\", \"tags\": {\"deviceClass\": \"gateway\"}}");
        JsonNode posture = JSON.readTree(api.get("/devices/gw-1/posture").body());
        assertThat(posture.path("snapshot").isNull()).as(posture.toString()).isTrue();
        assertThat(posture.path("findings")).isEmpty();
        assertThat(JSON.readTree(api.get("/posture/findings?deviceId=gw-1&state=all").body())).isEmpty();
    }

    @Test
    void aUsbAttachOnAClassWithoutUsbIsAnAlertThroughTheDeviceClassPolicy() throws Exception {
        api.put("/deviceClasses/camera", "{\"baseline\": {\"usbAllowed\": false}}");
        api.put("/deviceClasses/kiosk", "{\"baseline\": {\"usbAllowed\": true}}");
        byte[] camera = key(JSON.readTree(api.put("/devices/cam-1",
                "{\"deviceId\": \"cam-1\", \"tags\": {\"deviceClass\": \"camera\"}}").body()));
        byte[] kiosk = key(JSON.readTree(api.put("/devices/kiosk-1",
                "{\"deviceId\": \"kiosk-1\", \"tags\": {\"deviceClass\": \"kiosk\"}}").body()));
        sendUsbAttach("kiosk-1", kiosk);
        sendUsbAttach("cam-1", camera);

        JsonNode alerts = await().atMost(GENEROUS).until(() -> JSON.readTree(api.get("/alerts?rule=usb-attach").body()),
                found -> found.size() >= 1);
        assertThat(alerts).hasSize(1);
        assertThat(alerts.get(0).path("deviceId").asText()).isEqualTo("cam-1");
        assertThat(alerts.get(0).path("severity").asText()).isEqualTo("high");
    }

    private void sendUsbAttach(String deviceId, byte[] key) throws Exception {
        try (RawMqttClient client = RawMqttClient.open(ca, hub.mqttPort())) {
            client.connect(deviceId, userName(deviceId), token(deviceId, key, 3600));
            String body = new String(codec.encode(SecurityEvent.of(1, "boot-1", Instant.now(),
                    new PhysicalAccess(PhysicalAccess.Action.ATTACHED, "usb", "1-1", "0781", "5567", "SanDisk",
                            "Cruzer"))), StandardCharsets.UTF_8);
            client.publish("devices/" + deviceId + "/messages/events/bulwark-stream=security", MqttQoS.AT_LEAST_ONCE,
                    1, body);
            assertThat(client.read().type()).as("PUBACK").isEqualTo(4);
        }
    }

    private static byte[] key(JsonNode device) {
        return Base64.getDecoder().decode(device.at("/authentication/symmetricKey/primaryKey").asText());
    }

    private void publishPosture(RawMqttClient client, long sequence, int packetId, List<ListeningPort> ports)
            throws Exception {
        PostureSnapshot snapshot = new PostureSnapshot(new OperatingSystem("debian", "Debian GNU/Linux", "12"),
                "6.1.0-18-amd64", "2.4.1", "1.0.0", ports, List.of(), new Firewall("nft", true), 0, null, true);
        String body = new String(codec.encode(SecurityEvent.of(sequence, "boot-1", Instant.now(), snapshot)),
                StandardCharsets.UTF_8);
        client.publish("devices/gw-1/messages/events/bulwark-stream=security", MqttQoS.AT_LEAST_ONCE, packetId, body);
        assertThat(client.read().type()).as("PUBACK").isEqualTo(4);
    }

    private JsonNode openFinding(String deviceId) throws Exception {
        JsonNode findings = JSON.readTree(api.get("/devices/" + deviceId + "/posture").body()).path("findings");
        return findings.isEmpty() ? null : findings.get(0);
    }
}
