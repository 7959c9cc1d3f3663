package io.bulwark.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.azure.sdk.iot.device.ClientOptions;
import com.microsoft.azure.sdk.iot.device.DeviceClient;
import com.microsoft.azure.sdk.iot.device.IotHubClientProtocol;
import com.microsoft.azure.sdk.iot.device.IotHubMessageResult;
import com.microsoft.azure.sdk.iot.device.Message;
import com.microsoft.azure.sdk.iot.device.twin.DirectMethodResponse;
import io.bulwark.hub.Hub;
import io.bulwark.hub.HubConfig;
import io.bulwark.hub.ServiceClient;
import io.bulwark.hub.registry.IdentityId;
import io.bulwark.hub.tls.TrustedHubCa;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Interop with the unmodified Azure IoT device SDK for Java over {@link IotHubClientProtocol#MQTT_WS}: MQTT inside
 * WebSocket frames on the HTTPS port, at {@code wss://127.0.0.1/$iothub/websocket}. The SDK always dials port 443 for
 * it, so this hub's HTTPS port is 443 (on loopback); where that port cannot be bound (not root, or taken), every test
 * here is skipped and says so in the output.
 */
class AzureSdkWebSocketTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int SDK_WEBSOCKET_PORT = 443;
    private static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() { };

    @TempDir
    Path data;
    Hub hub;
    ServiceClient api;

    @BeforeEach
    void start() {
        String unavailable = whyPortIsUnavailable();
        if (unavailable != null) {
            String message = "AzureSdkWebSocketTest skipped: cannot bind 127.0.0.1:" + SDK_WEBSOCKET_PORT + " ("
                    + unavailable + "); the Azure SDK dials only that port for MQTT over WebSocket";
            System.out.println(message);
            Assumptions.abort(message);
        }
        hub = Hub.start(HubConfig.forTests(data).withPorts(SDK_WEBSOCKET_PORT, 0));
        api = ServiceClient.forPolicy(hub.dataFolder(), hub.httpsPort(), "iothubowner");
    }

    @AfterEach
    void stop() {
        if (hub != null) {
            hub.close();
        }
    }

    @Test
    void telemetryWithPropertiesArrivesMarkedAsWebSocket() throws Exception {
        JsonNode device = JSON.readTree(api.put("/devices/ws-sensor", "{}").body());
        DeviceClient client = sdkClient(device);
        client.open(true);
        try {
            assertThat(hub.isConnected(IdentityId.device("ws-sensor"))).isTrue();
            for (int i = 0; i < 20; i++) {
                Message message = new Message(("{\"reading\":" + i + "}").getBytes(StandardCharsets.UTF_8));
                message.setMessageId("m-" + i);
                message.setContentType("application/json");
                message.setProperty("sequence", String.valueOf(i));
                message.setProperty("unit", "degrees C & more");
                client.sendEvent(message); // returns once the hub's PUBACK came back
            }
        } finally {
            client.close();
        }
        List<JsonNode> stored = JSON.readerForListOf(JsonNode.class)
                .readValue(api.get("/streams/telemetry/messages?limit=100").body());
        assertThat(stored).hasSize(20);
        for (JsonNode message : stored) {
            Map<String, String> properties = JSON.convertValue(message.path("properties"), STRING_MAP);
            String sequence = properties.get("sequence");
            assertThat(message.path("sourceProtocol").asText()).isEqualTo("mqtt-ws");
            assertThat(properties).containsEntry("$.mid", "m-" + sequence).containsEntry("$.ct", "application/json")
                    .containsEntry("unit", "degrees C & more");
            assertThat(new String(java.util.Base64.getDecoder().decode(message.path("body").asText()),
                    StandardCharsets.UTF_8)).isEqualTo("{\"reading\":" + sequence + "}");
        }
    }

    @Test
    void cloudToDeviceMessageArrivesAndCompletes() throws Exception {
        JsonNode device = JSON.readTree(api.put("/devices/ws-display", "{}").body());
        HttpResponse<String> queued = api.post("/devices/ws-display/messages/deviceBound", "hello over ws",
                "iothub-messageid", "c2d-ws", "iothub-ack", "full", "iothub-app-color", "red & blue");
        assertThat(queued.statusCode()).as(queued.body()).isEqualTo(202);
        DeviceClient client = sdkClient(device);
        BlockingQueue<Message> received = new LinkedBlockingQueue<>();
        client.setMessageCallback((message, context) -> {
            received.add(message);
            return IotHubMessageResult.COMPLETE;
        }, null);
        client.open(true);
        try {
            Message message = received.poll(15, TimeUnit.SECONDS);
            assertThat(message).as("cloud-to-device message").isNotNull();
            assertThat(message.getMessageId()).isEqualTo("c2d-ws");
            assertThat(message.getProperty("color")).isEqualTo("red & blue");
            assertThat(new String(message.getBytes(), StandardCharsets.UTF_8)).isEqualTo("hello over ws");
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() ->
                    JSON.readTree(api.get("/messages/feedback").body()).size() == 1);
        } finally {
            client.close();
        }
        assertThat(JSON.readTree(api.get("/messages/feedback").body()).get(0).path("statusCode").asText())
                .isEqualTo("Success");
    }

    @Test
    void directMethodRoundTrip() throws Exception {
        JsonNode device = JSON.readTree(api.put("/devices/ws-actuator", "{}").body());
        DeviceClient client = sdkClient(device);
        client.open(true);
        try {
            client.subscribeToMethods((methodName, payload, context) -> new DirectMethodResponse(
                    methodName.equals("reboot") ? 200 : 404,
                    Map.of("method", methodName, "delay", payload.getPayloadAsJsonElement().getAsJsonObject()
                            .get("delay").getAsInt())), null);
            HttpResponse<String> answer = api.post("/twins/ws-actuator/methods",
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

    /** The unmodified SDK over MQTT_WS with the device's connection string and a context trusting only the hub CA. */
    private DeviceClient sdkClient(JsonNode device) {
        String connectionString = "HostName=127.0.0.1;DeviceId=" + device.path("deviceId").asText()
                + ";SharedAccessKey=" + device.at("/authentication/symmetricKey/primaryKey").asText();
        return new DeviceClient(connectionString, IotHubClientProtocol.MQTT_WS, ClientOptions.builder()
                .sslContext(TrustedHubCa.clientContext(hub.dataFolder().caCertificate())).build());
    }

    /** Null when the port can be bound on loopback now; otherwise why not. */
    private static String whyPortIsUnavailable() {
        try (ServerSocket probe = new ServerSocket(SDK_WEBSOCKET_PORT, 1, InetAddress.getLoopbackAddress())) {
            return null;
        } catch (IOException e) {
            return e.getMessage();
        }
    }
}
