package io.bulwark.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bulwark.hub.ServiceClient;
import io.bulwark.protocol.sas.SasToken;
import io.netty.handler.codec.mqtt.MqttQoS;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * S-DATA-1 for telemetry: a device publishes QoS 1 as fast as it may, the hub process is killed with SIGKILL at a
 * random moment, and after a restart every message the hub acknowledged is in the stream, once.
 */
class TelemetryCrashTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path data;

    @Test
    void everyAcknowledgedMessageSurvivesKillDashNine() throws Exception {
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        int sent;
        try (HubProcess hub = HubProcess.start(data)) {
            ServiceClient api = ServiceClient.forPolicy(hub.folder(), hub.httpsPort(), "iothubowner");
            JsonNode device = JSON.readTree(api.put("/devices/crash-sensor", "{}").body());
            byte[] key = Base64.getDecoder().decode(device.at("/authentication/symmetricKey/primaryKey").asText());
            String token = SasToken.create("127.0.0.1/devices/crash-sensor", key, Instant.now().plusSeconds(600), null)
                    .format();
            RawMqttClient client = RawMqttClient.open(hub.folder().caCertificate(), hub.info().mqttPort());
            assertThat(client.connect("crash-sensor", "127.0.0.1/crash-sensor/?api-version=2021-04-12", token))
                    .isZero();
            Thread acks = new Thread(() -> readAcks(client, acknowledged));
            acks.start();
            int killAfter = 150 + ThreadLocalRandom.current().nextInt(150);
            sent = 0;
            // Bounded: at most 2,000 messages; the kill comes long before.
            while (acknowledged.size() < killAfter && sent < 2_000) {
                sent++;
                client.publish("devices/crash-sensor/messages/events/%24.mid=" + sent, MqttQoS.AT_LEAST_ONCE,
                        sent, "reading " + sent);
                if (sent - acknowledged.size() > 50) {
                    Thread.sleep(5);
                }
            }
            hub.killHard();
            acks.join(10_000);
            client.close();
        }
        try (HubProcess restarted = HubProcess.start(data)) {
            ServiceClient api = ServiceClient.forPolicy(restarted.folder(), restarted.httpsPort(), "iothubowner");
            List<String> stored = new ArrayList<>();
            JSON.readTree(api.get("/streams/telemetry/messages?limit=1000").body())
                    .forEach(m -> stored.add(m.at("/properties/$.mid").asText()));
            JSON.readTree(api.get("/streams/telemetry/messages?limit=1000&from=1001").body())
                    .forEach(m -> stored.add(m.at("/properties/$.mid").asText()));
            System.out.printf("telemetry kill -9: %d sent, %d acknowledged, %d stored%n", sent, acknowledged.size(),
                    stored.size());
            assertThat(new HashSet<>(stored)).containsAll(acknowledged);
            assertThat(stored).doesNotHaveDuplicates();
        }
    }

    /** Records the message ids of PUBACKs: the packet id is the message number here. */
    private static void readAcks(RawMqttClient client, Set<String> acknowledged) {
        try {
            for (RawMqttClient.Packet packet = client.read(); packet != null; packet = client.read()) {
                if (packet.type() == 4) {
                    int packetId = (packet.body()[0] & 0xff) << 8 | (packet.body()[1] & 0xff);
                    acknowledged.add(String.valueOf(packetId));
                }
            }
        } catch (Exception connectionEnded) {
            // The hub was killed: what was acknowledged until then is the test's evidence.
        }
    }
}
