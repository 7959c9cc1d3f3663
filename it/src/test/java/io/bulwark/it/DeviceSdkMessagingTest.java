package io.bulwark.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.bulwark.device.client.CloudToDeviceMessage;
import io.bulwark.device.client.ConnectionState;
import io.bulwark.device.client.ConnectionStateChange;
import io.bulwark.device.client.DesiredProperties;
import io.bulwark.device.client.DeviceClient;
import io.bulwark.device.client.DeviceClientError;
import io.bulwark.device.client.DeviceMessage;
import io.bulwark.device.client.MethodResponse;
import io.bulwark.device.client.Twin;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The device SDK against a real hub: telemetry, cloud-to-device, direct methods and the twin. */
class DeviceSdkMessagingTest extends DeviceSdkHubTest {

    @Test
    void telemetryIsAcknowledgedOnlyOnceDurableWithIdsAndProperties() throws Exception {
        List<ConnectionStateChange> states = new CopyOnWriteArrayList<>();
        try (DeviceClient client = sdkClient("sensor").build()) {
            client.onConnectionStateChanged(states::add);
            client.open().get(30, TimeUnit.SECONDS);
            List<CompletableFuture<Void>> sent = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                sent.add(client.sendTelemetry(DeviceMessage.builder().messageId("t-" + i)
                        .body("{\"n\":" + i + "}").contentType("application/json").contentEncoding("utf-8")
                        .property("room", "kitchen & hall").build()));
            }
            CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
            // A PUBACK means durable in the stream: every acknowledged message can be read back at once.
            List<JsonNode> stored = readTelemetry();
            Set<String> ids = stored.stream().map(m -> m.at("/properties/$.mid").asText()).collect(Collectors.toSet());
            for (int i = 0; i < 40; i++) {
                assertThat(ids).contains("t-" + i);
            }
            JsonNode first = stored.stream().filter(m -> m.at("/properties/$.mid").asText().equals("t-0"))
                    .findFirst().orElseThrow();
            assertThat(first.at("/properties/room").asText()).isEqualTo("kitchen & hall");
            assertThat(first.at("/properties/$.ct").asText()).isEqualTo("application/json");
        }
        assertThat(states).extracting(ConnectionStateChange::state).startsWith(ConnectionState.CONNECTING,
                ConnectionState.CONNECTED).endsWith(ConnectionState.CLOSED);
    }

    @Test
    void cloudToDeviceMessageCompletedByTheHandlerLeavesTheQueue() throws Exception {
        BlockingQueue<CloudToDeviceMessage> received = new LinkedBlockingQueue<>();
        try (DeviceClient client = sdkClient("lamp").build()) {
            client.onCloudToDeviceMessage(message -> {
                received.add(message);
                message.complete();
            });
            client.open().get(30, TimeUnit.SECONDS);
            HttpResponse<String> queued = api.post("/devices/lamp/messages/deviceBound", "switch on",
                    "iothub-app-color", "warm white", "iothub-correlationid", "c-1");
            assertThat(queued.statusCode()).as(queued.body()).isBetween(200, 299);
            CloudToDeviceMessage message = received.poll(20, TimeUnit.SECONDS);
            assertThat(message).isNotNull();
            assertThat(message.bodyAsString()).isEqualTo("switch on");
            assertThat(message.properties()).containsEntry("color", "warm white");
            assertThat(message.correlationId()).isEqualTo("c-1");
            assertThat(message.messageId()).isNotBlank();
            await().atMost(Duration.ofSeconds(10)).until(() -> JSON.readTree(api.get("/devices/lamp").body())
                    .path("cloudToDeviceMessageCount").asInt(-1) == 0);
        }
    }

    @Test
    void abandonedCloudToDeviceMessageComesBackOnTheNextConnection() throws Exception {
        byte[] key = createDevice("valve");
        BlockingQueue<CloudToDeviceMessage> first = new LinkedBlockingQueue<>();
        try (DeviceClient client = sdkClient("valve", key).build()) {
            client.onCloudToDeviceMessage(message -> {
                first.add(message);
                message.abandon();
            });
            client.open().get(30, TimeUnit.SECONDS);
            api.post("/devices/valve/messages/deviceBound", "close");
            assertThat(first.poll(20, TimeUnit.SECONDS)).isNotNull();
        }
        BlockingQueue<CloudToDeviceMessage> second = new LinkedBlockingQueue<>();
        try (DeviceClient client = sdkClient("valve", key).build()) {
            client.onCloudToDeviceMessage(message -> {
                second.add(message);
                message.complete();
            });
            client.open().get(30, TimeUnit.SECONDS);
            CloudToDeviceMessage again = second.poll(20, TimeUnit.SECONDS);
            assertThat(again).isNotNull();
            assertThat(again.bodyAsString()).isEqualTo("close");
            await().atMost(Duration.ofSeconds(10)).until(() -> JSON.readTree(api.get("/devices/valve").body())
                    .path("cloudToDeviceMessageCount").asInt(-1) == 0);
        }
    }

    @Test
    void directMethodIsAnsweredByItsHandler() throws Exception {
        try (DeviceClient client = sdkClient("pump").build()) {
            client.onMethod("setSpeed", request -> MethodResponse.ok("{\"was\":" + request.payloadAsString() + "}"));
            client.open().get(30, TimeUnit.SECONDS);
            HttpResponse<String> answer = callMethod("pump", "setSpeed", "{\"rpm\":1200}");
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            JsonNode result = JSON.readTree(answer.body());
            assertThat(result.path("status").asInt()).isEqualTo(200);
            assertThat(result.at("/payload/was/rpm").asInt()).isEqualTo(1200);
            HttpResponse<String> unknown = callMethod("pump", "selfDestruct", "{}");
            assertThat(JSON.readTree(unknown.body()).path("status").asInt()).isEqualTo(404);
        }
    }

    @Test
    void oversizeMethodPayloadIsRefusedReportedAndTheClientKeepsAnswering() throws Exception {
        List<DeviceClientError> errors = new CopyOnWriteArrayList<>();
        try (DeviceClient client = sdkClient("meter").maxMethodPayloadBytes(256).onError(errors::add).build()) {
            client.onMethod("echo", request -> MethodResponse.ok(request.payloadAsString()));
            client.open().get(30, TimeUnit.SECONDS);
            HttpResponse<String> big = callMethod("meter", "echo", "\"" + "x".repeat(2000) + "\"");
            assertThat(JSON.readTree(big.body()).path("status").asInt()).isEqualTo(413);
            await().atMost(Duration.ofSeconds(10)).until(() -> errors.stream()
                    .anyMatch(e -> e.kind() == DeviceClientError.Kind.OVERSIZE_METHOD_PAYLOAD));
            HttpResponse<String> small = callMethod("meter", "echo", "{\"ok\":true}");
            assertThat(JSON.readTree(small.body()).at("/payload/ok").asBoolean()).isTrue();
            assertThat(client.state()).isEqualTo(ConnectionState.CONNECTED);
        }
    }

    @Test
    void twinGetReportedPatchAndDesiredCallbacks() throws Exception {
        createDevice("thermostat");
        assertThat(patchTwin("thermostat", "{\"properties\":{\"desired\":{\"target\":21}}}").statusCode())
                .isEqualTo(200);
        BlockingQueue<DesiredProperties> desired = new LinkedBlockingQueue<>();
        byte[] key = java.util.Base64.getDecoder().decode(JSON.readTree(api.get("/devices/thermostat").body())
                .at("/authentication/symmetricKey/primaryKey").asText());
        try (DeviceClient client = sdkClient("thermostat", key).build()) {
            client.onDesiredPropertiesChanged(desired::add);
            client.open().get(30, TimeUnit.SECONDS);
            DesiredProperties onConnect = desired.poll(20, TimeUnit.SECONDS);
            assertThat(onConnect).isNotNull();
            assertThat(onConnect.fullDocument()).isTrue();
            assertThat(onConnect.properties().path("target").asInt()).isEqualTo(21);

            Twin twin = client.getTwin().get(20, TimeUnit.SECONDS);
            assertThat(twin.desired().path("target").asInt()).isEqualTo(21);
            long version = client.updateReportedProperties(Map.of("firmware", "1.4.2", "temperature", 19.5))
                    .get(20, TimeUnit.SECONDS);
            assertThat(version).isPositive();
            assertThat(client.getTwin().get(20, TimeUnit.SECONDS).reported().path("firmware").asText())
                    .isEqualTo("1.4.2");

            assertThat(patchTwin("thermostat", "{\"properties\":{\"desired\":{\"target\":23,\"mode\":\"eco\"}}}")
                    .statusCode()).isEqualTo(200);
            DesiredProperties pushed = desired.poll(20, TimeUnit.SECONDS);
            assertThat(pushed).isNotNull();
            assertThat(pushed.fullDocument()).isFalse();
            assertThat(pushed.properties().path("target").asInt()).isEqualTo(23);
            assertThat(pushed.properties().path("mode").asText()).isEqualTo("eco");
            assertThat(pushed.version()).isGreaterThan(onConnect.version());
        }
        JsonNode stored = JSON.readTree(api.get("/twins/thermostat").body());
        assertThat(stored.at("/properties/reported/firmware").asText()).isEqualTo("1.4.2");
    }

    @Test
    void clientClosedFromADependentStageOfItsOwnFutureClosesCleanly() throws Exception {
        DeviceClient client = sdkClient("closer").build();
        client.open().get(30, TimeUnit.SECONDS);
        // thenRun without Async runs on the client's network thread: close must neither wait for itself nor throw.
        CompletableFuture<Void> closed = client.sendTelemetry(DeviceMessage.builder().messageId("last").build())
                .thenRun(client::close);
        closed.get(30, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(10)).until(() -> client.state() == ConnectionState.CLOSED);
        assertThat(readTelemetry()).anyMatch(m -> m.at("/properties/$.mid").asText().equals("last"));
    }

    @Test
    void moduleIdentitySendsTelemetryReceivesMessagesAnswersMethodsAndReportsProperties() throws Exception {
        createDevice("gateway");
        JsonNode module = JSON.readTree(api.put("/devices/gateway/modules/filter", "{}").body());
        byte[] key = java.util.Base64.getDecoder().decode(module.at("/authentication/symmetricKey/primaryKey")
                .asText());
        BlockingQueue<CloudToDeviceMessage> received = new LinkedBlockingQueue<>();
        try (DeviceClient client = DeviceClient.builder()
                .connectionString("HostName=127.0.0.1;DeviceId=gateway;ModuleId=filter;SharedAccessKey="
                        + java.util.Base64.getEncoder().encodeToString(key))
                .port(hub.mqttPort()).hubCa(ca).build()) {
            client.onMethod("ping", request -> MethodResponse.ok("{\"pong\":true}"));
            client.onCloudToDeviceMessage(message -> {
                received.add(message);
                message.complete();
            });
            client.open().get(30, TimeUnit.SECONDS);
            client.sendTelemetry(DeviceMessage.builder().messageId("mod-1").body("{}").build())
                    .get(30, TimeUnit.SECONDS);
            assertThat(readTelemetry()).anyMatch(m -> m.at("/properties/$.mid").asText().equals("mod-1")
                    && m.path("moduleId").asText().equals("filter"));
            HttpResponse<String> answer = api.post("/twins/gateway/modules/filter/methods",
                    "{\"methodName\":\"ping\",\"responseTimeoutInSeconds\":10}", "Content-Type", "application/json");
            assertThat(JSON.readTree(answer.body()).at("/payload/pong").asBoolean()).as(answer.body()).isTrue();
            api.post("/devices/gateway/modules/filter/messages/deviceBound", "to the module");
            CloudToDeviceMessage message = received.poll(20, TimeUnit.SECONDS);
            assertThat(message).isNotNull();
            assertThat(message.bodyAsString()).isEqualTo("to the module");
            assertThat(client.updateReportedProperties(Map.of("stage", "filtering")).get(20, TimeUnit.SECONDS))
                    .isPositive();
        }
        assertThat(JSON.readTree(api.get("/twins/gateway/modules/filter").body())
                .at("/properties/reported/stage").asText()).isEqualTo("filtering");
    }
}
