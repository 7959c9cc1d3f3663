package io.bulwark.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.bulwark.hub.tls.TrustedHubCa;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Azure's HTTPS device API for devices that cannot keep an MQTT connection, driven by a plain HTTP client holding only
 * a device token: telemetry in, cloud-to-device messages fetched, completed, rejected and abandoned.
 */
class HttpsDeviceApiTest extends MqttHubTest {

    @Test
    void sendsTelemetryWithProperties() throws Exception {
        byte[] key = createDevice("http-1");
        HttpResponse<String> sent = device("http-1", key, HttpRequest.newBuilder(uri("/devices/http-1/messages/events"))
                .header("iothub-messageid", "h-1").header("iothub-app-unit", "C")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"t\":20}")));
        assertThat(sent.statusCode()).as(sent.body()).isEqualTo(204);
        JsonNode stored = readTelemetry().get(0);
        assertThat(stored.path("sourceProtocol").asText()).isEqualTo("https");
        assertThat(stored.at("/properties/$.mid").asText()).isEqualTo("h-1");
        assertThat(stored.at("/properties/unit").asText()).isEqualTo("C");
        assertThat(stored.at("/properties/$.ct").asText()).isEqualTo("application/json");
    }

    @Test
    void receivesLocksCompletesRejectsAndAbandons() throws Exception {
        byte[] key = createDevice("http-1");
        for (String id : new String[] {"a", "b"}) {
            api.post("/devices/http-1/messages/deviceBound", "message " + id, "iothub-messageid", id,
                    "iothub-ack", "full", "iothub-app-color", "red");
        }
        HttpResponse<String> first = fetch("http-1", key);
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.headers().firstValue("iothub-messageid")).contains("a");
        assertThat(first.headers().firstValue("iothub-app-color")).contains("red");
        assertThat(first.body()).isEqualTo("message a");
        HttpResponse<String> second = fetch("http-1", key);
        assertThat(second.headers().firstValue("iothub-messageid")).as("a is locked").contains("b");
        assertThat(fetch("http-1", key).statusCode()).as("both locked").isEqualTo(204);

        String secondTag = etag(second);
        assertThat(settle("http-1", key, "POST", "/devices/http-1/messages/deviceBound/" + secondTag + "/abandon")
                .statusCode()).isEqualTo(204);
        HttpResponse<String> again = fetch("http-1", key);
        assertThat(again.headers().firstValue("iothub-messageid")).as("abandoned b is back").contains("b");
        assertThat(again.headers().firstValue("iothub-deliverycount")).contains("2");

        assertThat(settle("http-1", key, "DELETE", "/devices/http-1/messages/deviceBound/" + etag(first))
                .statusCode()).isEqualTo(204);
        assertThat(settle("http-1", key, "DELETE", "/devices/http-1/messages/deviceBound/" + etag(again) + "?reject")
                .statusCode()).isEqualTo(204);
        assertThat(settle("http-1", key, "DELETE", "/devices/http-1/messages/deviceBound/" + etag(first))
                .statusCode()).as("settled twice").isEqualTo(412);

        JsonNode feedback = JSON.readTree(api.get("/messages/feedback").body());
        assertThat(feedback).extracting(f -> f.path("statusCode").asText()).containsExactly("Success", "Rejected");
    }

    @Test
    void refusesOtherDevicesTokensAndLocks() throws Exception {
        byte[] key1 = createDevice("http-1");
        byte[] key2 = createDevice("http-2");
        api.post("/devices/http-1/messages/deviceBound", "for one", "iothub-messageid", "x");
        assertThat(fetch("http-1", key2).statusCode()).as("device 2's key for device 1").isEqualTo(401);
        assertThat(device("http-1", null, HttpRequest.newBuilder(uri("/devices/http-1/messages/deviceBound")).GET())
                .statusCode()).isEqualTo(401);
        String tag = etag(fetch("http-1", key1));
        assertThat(settle("http-2", key2, "DELETE", "/devices/http-2/messages/deviceBound/" + tag).statusCode())
                .as("device 2 cannot settle device 1's message").isEqualTo(412);
        JsonNode failures = JSON.readTree(api.get("/audit?action=auth.failure&target=device-connect").body());
        assertThat(failures).extracting(f -> f.path("detail").asText()).contains("bad signature", "no credentials");
    }

    @Test
    void aDeviceConnectPolicyActsOnlyForExistingEnabledDevices() throws Exception {
        createDevice("http-1");
        String policyToken = api.token();
        HttpResponse<String> forExisting = withAuthorization(policyToken, "/devices/http-1/messages/events");
        assertThat(forExisting.statusCode()).isEqualTo(204);
        assertThat(withAuthorization(policyToken, "/devices/ghost/messages/events").statusCode()).isEqualTo(401);
        api.put("/devices/http-1", "{\"status\":\"disabled\"}", "If-Match", "*");
        assertThat(withAuthorization(policyToken, "/devices/http-1/messages/events").statusCode()).isEqualTo(401);
        assertThat(readTelemetry()).hasSize(1);
    }

    private HttpResponse<String> withAuthorization(String authorization, String path) throws Exception {
        HttpClient client = HttpClient.newBuilder().sslContext(TrustedHubCa.clientContext(ca)).build();
        return client.send(HttpRequest.newBuilder(uri(path)).header("Authorization", authorization)
                .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> fetch(String deviceId, byte[] key) throws Exception {
        return device(deviceId, key, HttpRequest.newBuilder(uri("/devices/" + deviceId + "/messages/deviceBound"))
                .GET());
    }

    private HttpResponse<String> settle(String deviceId, byte[] key, String method, String path) throws Exception {
        return device(deviceId, key, HttpRequest.newBuilder(uri(path))
                .method(method, HttpRequest.BodyPublishers.noBody()));
    }

    private HttpResponse<String> device(String deviceId, byte[] key, HttpRequest.Builder request) throws Exception {
        if (key != null) {
            request.header("Authorization", token(deviceId, key, 600));
        }
        HttpClient client = HttpClient.newBuilder().sslContext(TrustedHubCa.clientContext(ca)).build();
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private URI uri(String path) {
        return URI.create("https://127.0.0.1:" + hub.httpsPort() + path);
    }

    private static String etag(HttpResponse<String> answer) {
        return answer.headers().firstValue("ETag").orElseThrow().replace("\"", "");
    }
}
