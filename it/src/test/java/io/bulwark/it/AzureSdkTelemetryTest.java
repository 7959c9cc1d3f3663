package io.bulwark.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.azure.sdk.iot.device.ClientOptions;
import com.microsoft.azure.sdk.iot.device.DeviceClient;
import com.microsoft.azure.sdk.iot.device.IotHubClientProtocol;
import com.microsoft.azure.sdk.iot.device.Message;
import com.microsoft.azure.sdk.iot.device.twin.DirectMethodResponse;
import com.microsoft.azure.sdk.iot.device.twin.Twin;
import com.microsoft.azure.sdk.iot.device.twin.TwinCollection;
import io.bulwark.hub.Hub;
import io.bulwark.hub.HubConfig;
import io.bulwark.hub.ServiceClient;
import io.bulwark.hub.tls.TrustedHubCa;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Interop with the unmodified Azure IoT device SDK for Java: it connects with a connection string and an SSLContext
 * trusting the hub CA, and what it sends arrives in the telemetry stream with every property intact. The SDK always
 * dials port 8883, so this hub listens there (on loopback).
 */
class AzureSdkTelemetryTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MESSAGES = 1_000;
    private static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() { };

    @TempDir
    Path data;
    Hub hub;
    ServiceClient api;

    @BeforeEach
    void start() {
        hub = Hub.start(HubConfig.forTests(data).withPorts(0, HubConfig.DEFAULT_MQTT_PORT));
        api = ServiceClient.forPolicy(hub.dataFolder(), hub.httpsPort(), "iothubowner");
    }

    @AfterEach
    void stop() {
        hub.close();
    }

    @Test
    void thousandQos1MessagesArriveWithTheirProperties() throws Exception {
        JsonNode device = JSON.readTree(api.put("/devices/sdk-sensor", "{}").body());
        DeviceClient client = sdkClient(device);
        Queue<String> failures = new ConcurrentLinkedQueue<>();
        CountDownLatch acknowledged = new CountDownLatch(MESSAGES);
        client.open(true);
        try {
            for (int i = 0; i < MESSAGES; i++) {
                Message message = new Message(("{\"reading\":" + i + "}").getBytes(StandardCharsets.UTF_8));
                message.setMessageId("m-" + i);
                message.setCorrelationId("c-" + i);
                message.setContentType("application/json");
                message.setContentEncoding("utf-8");
                message.setProperty("sequence", String.valueOf(i));
                message.setProperty("unit", "degrees C & more");
                client.sendEventAsync(message, (sent, exception, context) -> {
                    if (exception != null) {
                        failures.add(sent.getMessageId() + ": " + exception);
                    }
                    acknowledged.countDown();
                }, null);
            }
            assertThat(acknowledged.await(120, TimeUnit.SECONDS)).as("all acknowledged").isTrue();
        } finally {
            client.close();
        }
        assertThat(failures).isEmpty();

        List<JsonNode> stored = readAll("telemetry");
        assertThat(stored).hasSize(MESSAGES);
        // The SDK sends asynchronous messages from several threads: order is not part of the contract, ids are.
        Map<String, JsonNode> byMessageId = new java.util.HashMap<>();
        stored.forEach(message -> byMessageId.put(message.at("/properties/$.mid").asText(), message));
        assertThat(byMessageId).hasSize(MESSAGES);
        for (int i = 0; i < MESSAGES; i++) {
            JsonNode message = byMessageId.get("m-" + i);
            Map<String, String> properties = JSON.convertValue(message.path("properties"), STRING_MAP);
            assertThat(message.path("deviceId").asText()).isEqualTo("sdk-sensor");
            assertThat(properties).containsEntry("$.mid", "m-" + i).containsEntry("$.cid", "c-" + i)
                    .containsEntry("$.ct", "application/json").containsEntry("$.ce", "utf-8")
                    .containsEntry("sequence", String.valueOf(i)).containsEntry("unit", "degrees C & more");
            assertThat(new String(Base64.getDecoder().decode(message.path("body").asText()), StandardCharsets.UTF_8))
                    .isEqualTo("{\"reading\":" + i + "}");
        }
    }

    @Test
    void directMethodRoundTrip() throws Exception {
        JsonNode device = JSON.readTree(api.put("/devices/sdk-actuator", "{}").body());
        DeviceClient client = sdkClient(device);
        client.open(true);
        try {
            client.subscribeToMethods((methodName, payload, context) -> new DirectMethodResponse(
                    methodName.equals("reboot") ? 200 : 404,
                    Map.of("method", methodName, "delay", payload.getPayloadAsJsonElement().getAsJsonObject()
                            .get("delay").getAsInt())), null);
            HttpResponse<String> answer = api.post("/twins/sdk-actuator/methods",
                    "{\"methodName\":\"reboot\",\"payload\":{\"delay\":5},\"responseTimeoutInSeconds\":10}",
                    "Content-Type", "application/json");
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            JsonNode result = JSON.readTree(answer.body());
            assertThat(result.path("status").asInt()).isEqualTo(200);
            assertThat(result.at("/payload/method").asText()).isEqualTo("reboot");
            assertThat(result.at("/payload/delay").asInt()).isEqualTo(5);
        } finally {
            client.close();
        }
    }

    @Test
    void twinGetReportedPatchAndDesiredCallback() throws Exception {
        JsonNode device = JSON.readTree(api.put("/devices/sdk-thermostat", "{}").body());
        api.send(api.request("/twins/sdk-thermostat", "Content-Type", "application/json").method("PATCH",
                java.net.http.HttpRequest.BodyPublishers.ofString(
                        "{\"properties\":{\"desired\":{\"target\":21}}}")));
        DeviceClient client = sdkClient(device);
        java.util.concurrent.BlockingQueue<Twin> desiredUpdates = new java.util.concurrent.LinkedBlockingQueue<>();
        client.open(true);
        try {
            client.subscribeToDesiredProperties((twin, context) -> desiredUpdates.add(twin), null);
            Twin twin = client.getTwin();
            assertThat(((Number) twin.getDesiredProperties().get("target")).intValue()).isEqualTo(21);
            assertThat(twin.getDesiredProperties().getVersion()).isEqualTo(2);

            TwinCollection reported = new TwinCollection();
            reported.put("firmware", "1.4.2");
            reported.put("temperature", 19.5);
            client.updateReportedProperties(reported);

            HttpResponse<String> patched = api.send(api.request("/twins/sdk-thermostat", "Content-Type",
                    "application/json").method("PATCH", java.net.http.HttpRequest.BodyPublishers.ofString(
                    "{\"properties\":{\"desired\":{\"target\":23,\"mode\":\"eco\"}}}")));
            assertThat(patched.statusCode()).as(patched.body()).isEqualTo(200);
            Twin pushed = desiredUpdates.poll(10, TimeUnit.SECONDS);
            assertThat(pushed).as("desired patch pushed to the device").isNotNull();
            assertThat(((Number) pushed.getDesiredProperties().get("target")).intValue()).isEqualTo(23);
            assertThat(pushed.getDesiredProperties().get("mode")).isEqualTo("eco");
        } finally {
            client.close();
        }
        JsonNode stored = JSON.readTree(api.get("/twins/sdk-thermostat").body());
        assertThat(stored.at("/properties/reported/firmware").asText()).isEqualTo("1.4.2");
        assertThat(stored.at("/properties/reported/$version").asLong()).isEqualTo(2);
        assertThat(stored.at("/properties/desired/$version").asLong()).isEqualTo(3);
        assertThat(stored.at("/properties/reported/$metadata/firmware/$lastUpdated").asText()).isNotEmpty();
    }

    @Test
    void cloudToDeviceMessagesArriveWithPropertiesAndCompleteWithFeedback() throws Exception {
        JsonNode device = JSON.readTree(api.put("/devices/sdk-display", "{}").body());
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> queued = api.post("/devices/sdk-display/messages/deviceBound", "hello " + i,
                    "iothub-messageid", "c2d-" + i, "iothub-ack", "full", "iothub-app-color", "red & blue",
                    "Content-Type", "text/plain");
            assertThat(queued.statusCode()).as(queued.body()).isEqualTo(202);
        }
        assertThat(JSON.readTree(api.get("/devices/sdk-display").body()).path("cloudToDeviceMessageCount").asInt())
                .isEqualTo(3);
        DeviceClient client = sdkClient(device);
        java.util.concurrent.BlockingQueue<Message> received = new java.util.concurrent.LinkedBlockingQueue<>();
        client.setMessageCallback((message, context) -> {
            received.add(message);
            return com.microsoft.azure.sdk.iot.device.IotHubMessageResult.COMPLETE;
        }, null);
        client.open(true);
        try {
            List<Message> messages = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                Message message = received.poll(15, TimeUnit.SECONDS);
                assertThat(message).as("message " + i).isNotNull();
                messages.add(message);
            }
            assertThat(messages).extracting(Message::getMessageId).containsExactly("c2d-0", "c2d-1", "c2d-2");
            assertThat(messages.get(0).getProperty("color")).isEqualTo("red & blue");
            assertThat(new String(messages.get(2).getBytes(), StandardCharsets.UTF_8)).isEqualTo("hello 2");
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() ->
                    JSON.readTree(api.get("/messages/feedback").body()).size() == 3);
        } finally {
            client.close();
        }
        JsonNode feedback = JSON.readTree(api.get("/messages/feedback").body());
        assertThat(feedback.get(0).path("statusCode").asText()).isEqualTo("Success");
        assertThat(feedback.get(0).path("originalMessageId").asText()).isEqualTo("c2d-0");
        assertThat(JSON.readTree(api.get("/devices/sdk-display").body()).path("cloudToDeviceMessageCount").asInt())
                .isZero();
    }

    /** The unmodified SDK with the device's connection string and a TLS context that trusts only the hub CA. */
    private DeviceClient sdkClient(JsonNode device) {
        String connectionString = "HostName=127.0.0.1;DeviceId=" + device.path("deviceId").asText()
                + ";SharedAccessKey=" + device.at("/authentication/symmetricKey/primaryKey").asText();
        return new DeviceClient(connectionString, IotHubClientProtocol.MQTT, ClientOptions.builder()
                .sslContext(TrustedHubCa.clientContext(hub.dataFolder().caCertificate())).build());
    }

    private List<JsonNode> readAll(String stream) throws Exception {
        List<JsonNode> all = new ArrayList<>();
        long from = 1;
        while (true) {
            HttpResponse<String> page = api.get("/streams/" + stream + "/messages?limit=1000&from=" + from);
            JsonNode messages = JSON.readTree(page.body());
            if (messages.isEmpty()) {
                return all;
            }
            messages.forEach(all::add);
            from = Long.parseLong(page.headers().firstValue("x-ms-continuation").orElseThrow());
        }
    }
}
