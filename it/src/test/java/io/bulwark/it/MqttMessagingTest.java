package io.bulwark.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.handler.codec.mqtt.MqttQoS;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The device protocol's messaging over raw MQTT packets, checked byte for byte where the Azure SDKs are picky:
 * telemetry and security streams, twin answers, direct methods, cloud-to-device delivery and wills.
 */
class MqttMessagingTest extends MqttHubTest {

    private static final Pattern MESSAGE_ID = Pattern.compile("%24\\.mid=([^&]*)");

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
    void metricsShowHowLongEachAcknowledgedMessageTookInsideTheHub() throws Exception {
        byte[] key = createDevice("d1");
        try (RawMqttClient client = RawMqttClient.open(ca, hub.mqttPort())) {
            client.connect("d1", userName("d1"), token("d1", key, 3600));
            client.publish("devices/d1/messages/events/", MqttQoS.AT_LEAST_ONCE, 1, "{\"t\":1}");
            client.publish("devices/d1/messages/events/", MqttQoS.AT_MOST_ONCE, 0, "{\"t\":2}");
            client.publish("devices/d1/messages/events/", MqttQoS.AT_LEAST_ONCE, 2, "{\"t\":3}");
            assertThat(client.read().body()).containsExactly(0, 1);
            assertThat(client.read().body()).containsExactly(0, 2);
        }
        String metrics = api.get("/metrics").body();
        // Only QoS 1 messages have a PUBACK to time; each one is counted once, its time in a histogram bucket.
        assertThat(metrics).containsPattern("\nbulwark_mqtt_telemetry_ack_seconds_count 2\n")
                .containsPattern("\nbulwark_mqtt_telemetry_ack_seconds_bucket\\{le=\"[0-9.]+\"} 2\n")
                .contains("\nbulwark_mqtt_telemetry_ack_seconds_bucket{le=\"+Inf\"} 2\n");
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
        try (RawMqttClient client = twinClient("d1")) {
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
    void aQos1TwinRequestIsAcknowledgedOnceHandledThenAnswered() throws Exception {
        try (RawMqttClient client = twinClient("d1")) {
            client.publish("$iothub/twin/PATCH/properties/reported/?$rid=3", MqttQoS.AT_LEAST_ONCE, 41,
                    "{\"fw\":\"3.1\"}");
            RawMqttClient.Packet acknowledgement = client.read();
            assertThat(acknowledgement.type()).as("PUBACK").isEqualTo(4);
            assertThat(acknowledgement.body()).as("its packet id").containsExactly(0, 41);
            // Acknowledged means handled: the patch is stored by the time its PUBACK arrives.
            JsonNode twin = JSON.readTree(api.get("/twins/d1").body());
            assertThat(twin.at("/properties/reported/fw").asText()).isEqualTo("3.1");
            assertThat(topicOf(client.read())).isEqualTo("$iothub/twin/res/204/?$rid=3&$version=2");
        }
    }

    /** A new device's connection, subscribed to its twin answers. */
    private RawMqttClient twinClient(String deviceId) throws Exception {
        byte[] key = createDevice(deviceId);
        RawMqttClient client = RawMqttClient.open(ca, hub.mqttPort());
        client.connect(deviceId, userName(deviceId), token(deviceId, key, 3600));
        client.subscribe(1, "$iothub/twin/res/#");
        assertThat(client.read().type()).as("SUBACK").isEqualTo(9);
        return client;
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
            assertThat(topicOf(delivery)).isEqualTo("devices/d1/messages/devicebound/"
                    + "%24.to=%2Fdevices%2Fd1%2Fmessages%2FdeviceBound&%24.mid=cmd-1&valve=7");
            // Dropped without PUBACK: the message must come again on the next connection.
        }
        try (RawMqttClient client = RawMqttClient.open(ca, hub.mqttPort())) {
            client.connect("d1", userName("d1"), token("d1", key, 3600));
            client.subscribe(1, "devices/d1/messages/devicebound/#");
            client.read();
            RawMqttClient.Packet again = client.read();
            assertThat(topicOf(again)).contains("%24.mid=cmd-1");
            int packetId = (again.body()[2 + topicLength(again)] & 0xff) << 8 | (again.body()[3 + topicLength(again)] & 0xff);
            client.send(io.netty.handler.codec.mqtt.MqttMessageBuilders.pubAck().packetId(packetId).build());
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> JSON.readTree(
                    api.get("/devices/d1").body()).path("cloudToDeviceMessageCount").asInt() == 0);
        }
    }

    /**
     * Messages queued while the device is connected and subscribed are handed to its session as they become durable,
     * by senders racing each other: each arrives once, each sender's messages in the order it sent them, and a fetch
     * racing a hand-over or a completion sends nothing twice.
     */
    @Test
    void messagesSentWhileConnectedArriveOnceEachInQueueOrder() throws Exception {
        byte[] key = createDevice("d1");
        int senders = 4;
        int perSender = 10;
        try (RawMqttClient client = RawMqttClient.open(ca, hub.mqttPort())) {
            client.timeout(20_000);
            client.connect("d1", userName("d1"), token("d1", key, 3600));
            client.subscribe(1, "devices/d1/messages/devicebound/#");
            assertThat(client.read().type()).isEqualTo(9);
            // The first message shows the session delivering (past its first-delivery delay).
            assertThat(api.post("/devices/d1/messages/deviceBound", "first", "iothub-messageid", "first")
                    .statusCode()).isEqualTo(202);
            assertThat(acknowledge(client)).isEqualTo("first");

            ExecutorService sending = Executors.newFixedThreadPool(senders);
            List<Future<?>> sent = new ArrayList<>();
            for (int s = 0; s < senders; s++) {
                int sender = s;
                sent.add(sending.submit(() -> {
                    for (int i = 0; i < perSender; i++) {
                        HttpResponse<String> answer = api.post("/devices/d1/messages/deviceBound", "m",
                                "iothub-messageid", "s" + sender + "-" + i);
                        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
                    }
                    return null;
                }));
            }
            List<String> received = new ArrayList<>();
            while (received.size() < senders * perSender) {
                received.add(acknowledge(client));
            }
            for (Future<?> done : sent) {
                done.get();
            }
            sending.shutdown();

            assertThat(received).doesNotHaveDuplicates().hasSize(senders * perSender);
            for (int s = 0; s < senders; s++) {
                String prefix = "s" + s + "-";
                assertThat(received.stream().filter(id -> id.startsWith(prefix)).toList())
                        .containsExactlyElementsOf(IntStream.range(0, perSender)
                                .mapToObj(i -> prefix + i).toList());
            }
            // Nothing comes twice later either: the next delivery is the next message.
            assertThat(api.post("/devices/d1/messages/deviceBound", "last", "iothub-messageid", "last")
                    .statusCode()).isEqualTo(202);
            assertThat(acknowledge(client)).isEqualTo("last");
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> JSON.readTree(
                    api.get("/devices/d1").body()).path("cloudToDeviceMessageCount").asInt() == 0);
        }
    }

    /** Reads the next PUBLISH, acknowledges it and returns its message id ({@code $.mid}). */
    private static String acknowledge(RawMqttClient client) throws Exception {
        RawMqttClient.Packet delivery = client.read();
        assertThat(delivery).isNotNull();
        String topic = topicOf(delivery);
        int packetId = (delivery.body()[2 + topicLength(delivery)] & 0xff) << 8
                | (delivery.body()[3 + topicLength(delivery)] & 0xff);
        client.send(io.netty.handler.codec.mqtt.MqttMessageBuilders.pubAck().packetId(packetId).build());
        Matcher id = MESSAGE_ID.matcher(topic);
        assertThat(id.find()).as(topic).isTrue();
        return id.group(1);
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
}
