package io.bulwark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.bulwark.hub.tls.TrustedHubCa;
import io.bulwark.protocol.sas.SasToken;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code stream read}: what a device sent, as an operator reads it back. */
class StreamCommandTest {

    @TempDir
    Path temp;
    private RunningHub hub;

    @BeforeEach
    void startHub() {
        hub = RunningHub.start(temp.resolve("data"));
        assertThat(hub.run("device", "create", "edge-1").exitCode()).isZero();
    }

    @AfterEach
    void stopHub() {
        hub.close();
    }

    @Test
    void readsTheSecurityStreamWithBodiesAsText() throws Exception {
        send("edge-1", "{\"type\":\"tamper\"}", "security");
        send("edge-1", "{\"temperature\":21.5}", null);

        CliRunner.Result security = hub.run("stream", "read", "security");
        CliRunner.Result telemetry = hub.run("stream", "read", "telemetry", "--device", "edge-1");

        assertThat(security.exitCode()).as(security.toString()).isZero();
        assertThat(security.lines()).singleElement().satisfies(line -> assertThat(line.trim())
                .startsWith("1 ").contains("edge-1").contains("\"bulwark-stream\":\"security\"")
                .endsWith("{\"type\":\"tamper\"}"));
        assertThat(telemetry.lines()).singleElement().satisfies(line -> assertThat(line)
                .endsWith("{\"temperature\":21.5}"));
    }

    @Test
    void stopsAtTheLimitAndStartsAtFrom() throws Exception {
        for (int i = 1; i <= 3; i++) {
            send("edge-1", "{\"n\":" + i + "}", null);
        }

        CliRunner.Result page = hub.run("stream", "read", "telemetry", "--from", "2", "--limit", "1");

        assertThat(page.lines()).singleElement().satisfies(line -> assertThat(line).endsWith("{\"n\":2}"));
    }

    @Test
    void refusesAnUnknownStream() {
        CliRunner.Result unknown = hub.run("stream", "read", "secrets");

        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("STREAM is telemetry, security or audit");
    }

    @Test
    void bodiesThatAreNotTextAreShownAsBase64() {
        assertThat(StreamCommand.body(Base64.getEncoder().encodeToString(new byte[] {0, (byte) 0xff, 1})))
                .isEqualTo("base64:AP8B");
    }

    /** Through the HTTPS device API with the device's own SAS token, as a device without MQTT would send. */
    private void send(String deviceId, String body, String stream) throws Exception {
        byte[] key = Base64.getDecoder().decode(hub.primaryKey(deviceId));
        String token = SasToken.create("127.0.0.1/devices/" + deviceId, key, Instant.now().plusSeconds(600), null)
                .format();
        HttpClient http = HttpClient.newBuilder()
                .sslContext(TrustedHubCa.clientContext(hub.hub().dataFolder().caCertificate())).build();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + hub.hub().httpsPort()
                        + "/devices/" + deviceId + "/messages/events"))
                .header("Authorization", token).POST(HttpRequest.BodyPublishers.ofString(body));
        if (stream != null) {
            request.header("iothub-app-bulwark-stream", stream);
        }
        HttpResponse<String> answer = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(204);
    }
}
