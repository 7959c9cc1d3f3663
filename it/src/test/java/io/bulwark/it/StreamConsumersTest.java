package io.bulwark.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bulwark.hub.ServiceClient;
import io.bulwark.protocol.sas.SasToken;
import io.netty.handler.codec.mqtt.MqttQoS;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A back end consuming telemetry from a real hub process as a device publishes over MQTT: a long-poll woken by the
 * publish, a consumer group whose committed offset survives {@code kill -9} of the hub (S-DATA-1), and the commit
 * visible in the audit stream.
 */
class StreamConsumersTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String GROUP = "/streams/telemetry/consumers/backend";

    @TempDir
    Path data;

    @Test
    void aConsumerGroupGoesOnWhereItCommittedAfterTheHubIsKilledAndRestarted() throws Exception {
        try (HubProcess hub = HubProcess.start(data)) {
            ServiceClient owner = ServiceClient.forPolicy(hub.folder(), hub.httpsPort(), "iothubowner");
            ServiceClient backend = ServiceClient.forPolicy(hub.folder(), hub.httpsPort(), "service");
            byte[] key = createDevice(owner, "sensor-1");
            try (RawMqttClient device = connect(hub, "sensor-1", key)) {
                // Waiting before the device sends: the answer comes when the publish is stored, not at the deadline.
                CompletableFuture<HttpResponse<String>> waiting =
                        CompletableFuture.supplyAsync(() -> backend.get(GROUP + "/messages?wait=50"));
                publish(device, 1);
                HttpResponse<String> first = waiting.get(40, TimeUnit.SECONDS);
                assertThat(mids(first)).containsExactly("m-1");
                publish(device, 2);
                publish(device, 3);
            }
            HttpResponse<String> page = backend.get(GROUP + "/messages");
            assertThat(mids(page)).containsExactly("m-1", "m-2", "m-3");
            String next = page.headers().firstValue("x-ms-continuation").orElseThrow();
            assertThat(backend.put(GROUP + "/offset", "{\"offset\":" + next + "}").statusCode()).isEqualTo(200);
            hub.killHard();
        }
        try (HubProcess hub = HubProcess.start(data)) {
            ServiceClient owner = ServiceClient.forPolicy(hub.folder(), hub.httpsPort(), "iothubowner");
            ServiceClient backend = ServiceClient.forPolicy(hub.folder(), hub.httpsPort(), "service");
            assertThat(JSON.readTree(backend.get(GROUP).body()).path("offset").asLong()).isEqualTo(4);
            assertThat(owner.post("/devices/sensor-1/messages/events", "after restart", "iothub-messageid", "m-4")
                    .statusCode()).isEqualTo(204);
            assertThat(mids(backend.get(GROUP + "/messages"))).containsExactly("m-4");

            List<String> actions = new ArrayList<>();
            for (JsonNode message : JSON.readTree(owner.get("/streams/audit/messages?limit=1000").body())) {
                actions.add(message.at("/properties/audit-action").asText());
            }
            assertThat(actions).contains("device.create", "stream.consumer.commit", "hub.start");
            assertThat(backend.get("/streams/audit/messages").statusCode()).isEqualTo(403);
        }
    }

    private static byte[] createDevice(ServiceClient owner, String id) throws Exception {
        JsonNode device = JSON.readTree(owner.put("/devices/" + id, "{}").body());
        return Base64.getDecoder().decode(device.at("/authentication/symmetricKey/primaryKey").asText());
    }

    private static RawMqttClient connect(HubProcess hub, String id, byte[] key) throws Exception {
        RawMqttClient client = RawMqttClient.open(hub.folder().caCertificate(), hub.info().mqttPort());
        String token = SasToken.create("127.0.0.1/devices/" + id, key, Instant.now().plusSeconds(600), null).format();
        assertThat(client.connect(id, "127.0.0.1/" + id + "/?api-version=2021-04-12", token)).isZero();
        return client;
    }

    private static void publish(RawMqttClient device, int n) throws Exception {
        device.publish("devices/sensor-1/messages/events/%24.mid=m-" + n, MqttQoS.AT_LEAST_ONCE, n, "reading " + n);
        assertThat(device.read().type()).isEqualTo(4);
    }

    private static List<String> mids(HttpResponse<String> answer) throws Exception {
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        List<String> mids = new ArrayList<>();
        JSON.readTree(answer.body()).forEach(message -> mids.add(message.at("/properties/$.mid").asText()));
        return mids;
    }
}
