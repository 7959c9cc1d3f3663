package io.bulwark.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.azure.sdk.iot.device.ClientOptions;
import com.microsoft.azure.sdk.iot.device.DeviceClient;
import com.microsoft.azure.sdk.iot.device.IotHubClientProtocol;
import com.microsoft.azure.sdk.iot.device.Message;
import com.microsoft.azure.sdk.iot.device.twin.DirectMethodResponse;
import io.bulwark.hub.Hub;
import io.bulwark.hub.HubConfig;
import io.bulwark.hub.ServiceClient;
import io.bulwark.hub.x509.TestCertificates;
import io.bulwark.hub.x509.TestCertificates.Issued;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Interop with the unmodified Azure IoT device SDK for Java authenticating with X.509 (S-AUTH-8): connection string
 * {@code HostName=127.0.0.1;DeviceId=..;x509=true} and an SSLContext holding the device's key and certificate and
 * trusting the hub CA. No password travels; the certificate is the proof. The SDK always dials port 8883.
 */
class AzureSdkX509Test {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path data;
    Hub hub;
    ServiceClient api;

    @BeforeEach
    void start() {
        HubConfig defaults = HubConfig.forTests(data);
        hub = SdkPortHub.start(new HubConfig(data, defaults.hostNames(), defaults.bindAddress(), 0, 0,
                defaults.limits(), hubEnvironment()));
        api = ServiceClient.forPolicy(hub.dataFolder(), hub.httpsPort(), "iothubowner");
    }

    /** The hub's environment; the JDK-TLS subclass turns native TLS off. */
    Map<String, String> hubEnvironment() {
        return Map.of();
    }

    @AfterEach
    void stop() {
        if (hub != null) {
            hub.close();
        }
    }

    @Test
    void caSignedDeviceSendsTelemetryAndAnswersADirectMethod() throws Exception {
        Issued fleetCa = TestCertificates.rootCa("Fleet Root");
        String code = JSON.readTree(api.put("/certificates/fleet", JSON.createObjectNode()
                .put("certificate", fleetCa.pem()).toString()).body()).path("verificationCode").asText();
        HttpResponse<String> verified = api.post("/certificates/fleet/verify", JSON.createObjectNode()
                .put("certificate", TestCertificates.certificate(code).issuedBy(fleetCa).build().pem()).toString());
        assertThat(verified.statusCode()).as(verified.body()).isEqualTo(200);
        assertThat(api.put("/devices/sdk-cam", "{\"authentication\":{\"type\":\"certificateAuthority\"}}")
                .statusCode()).isEqualTo(200);
        Issued device = TestCertificates.certificate("sdk-cam").issuedBy(fleetCa).build();

        exerciseTelemetryAndMethod("sdk-cam", device);
    }

    @Test
    void selfSignedDeviceSendsTelemetryAndAnswersADirectMethod() throws Exception {
        Issued device = TestCertificates.certificate("sdk-self").keys(TestCertificates.rsa(2048)).build();
        String body = JSON.createObjectNode().set("authentication", JSON.createObjectNode().put("type", "selfSigned")
                .set("x509Thumbprint", JSON.createObjectNode().put("primaryThumbprint", device.thumbprint())))
                .toString();
        assertThat(api.put("/devices/sdk-self", body).statusCode()).isEqualTo(200);

        exerciseTelemetryAndMethod("sdk-self", device);
    }

    private void exerciseTelemetryAndMethod(String deviceId, Issued certificate) throws Exception {
        DeviceClient client = new DeviceClient("HostName=127.0.0.1;DeviceId=" + deviceId + ";x509=true",
                IotHubClientProtocol.MQTT, ClientOptions.builder().sslContext(TestCertificates.clientContext(
                        hub.dataFolder().caCertificate(), certificate)).build());
        client.open(true);
        try {
            CompletableFuture<Object> sent = new CompletableFuture<>();
            Message message = new Message("{\"frame\":42}".getBytes(StandardCharsets.UTF_8));
            message.setMessageId("x509-1");
            client.sendEventAsync(message, (m, exception, context) -> {
                if (exception != null) {
                    sent.completeExceptionally(exception);
                } else {
                    sent.complete(m);
                }
            }, null);
            sent.get(30, TimeUnit.SECONDS);

            client.subscribeToMethods((methodName, payload, context) ->
                    new DirectMethodResponse(200, Map.of("method", methodName)), null);
            HttpResponse<String> answer = api.post("/twins/" + deviceId + "/methods",
                    "{\"methodName\":\"snapshot\",\"payload\":{},\"responseTimeoutInSeconds\":10}",
                    "Content-Type", "application/json");
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            assertThat(JSON.readTree(answer.body()).at("/payload/method").asText()).isEqualTo("snapshot");
        } finally {
            client.close();
        }
        JsonNode stored = JSON.readTree(api.get("/streams/telemetry/messages").body());
        assertThat(stored).hasSize(1);
        assertThat(stored.get(0).path("deviceId").asText()).isEqualTo(deviceId);
        assertThat(stored.get(0).at("/properties/$.mid").asText()).isEqualTo("x509-1");
        assertThat(new String(Base64.getDecoder().decode(stored.get(0).path("body").asText()), StandardCharsets.UTF_8))
                .isEqualTo("{\"frame\":42}");
    }
}
