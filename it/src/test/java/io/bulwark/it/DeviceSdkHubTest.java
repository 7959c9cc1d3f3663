package io.bulwark.it;

import io.bulwark.device.client.DeviceClient;
import io.bulwark.device.client.DeviceClientBuilder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;

/** A real hub plus factories for clients of our own device SDK pointed at it (pinned hub CA, loopback). */
abstract class DeviceSdkHubTest extends MqttHubTest {

    /** A client builder for a new device; tests add handlers and settings, then build. */
    DeviceClientBuilder sdkClient(String deviceId) throws Exception {
        byte[] key = createDevice(deviceId);
        return sdkClient(deviceId, key);
    }

    DeviceClientBuilder sdkClient(String deviceId, byte[] key) {
        return DeviceClient.builder()
                .connectionString("HostName=127.0.0.1;DeviceId=" + deviceId + ";SharedAccessKey="
                        + Base64.getEncoder().encodeToString(key))
                .port(hub.mqttPort())
                .hubCa(ca)
                .reconnectBackoff(Duration.ofMillis(200), Duration.ofSeconds(2));
    }

    HttpResponse<String> patchTwin(String deviceId, String json) {
        return api.send(api.request("/twins/" + deviceId, "Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(json)));
    }

    HttpResponse<String> callMethod(String deviceId, String methodName, String payloadJson) {
        return api.post("/twins/" + deviceId + "/methods", "{\"methodName\":\"" + methodName + "\",\"payload\":"
                + payloadJson + ",\"responseTimeoutInSeconds\":10}", "Content-Type", "application/json");
    }
}
