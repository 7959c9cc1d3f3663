package io.bulwark.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bulwark.hub.Hub;
import io.bulwark.hub.HubConfig;
import io.bulwark.hub.ServiceClient;
import io.bulwark.protocol.sas.SasToken;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Eclipse Mosquitto's command-line clients (Debian package mosquitto-clients, installed by .ci/run) as independent
 * devices: a SAS token as password, the hub CA as --cafile, telemetry in and a cloud-to-device message out.
 */
class MosquittoClientsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path data;
    Hub hub;
    ServiceClient api;
    String token;

    @BeforeEach
    void start() throws Exception {
        boolean installed = Files.isExecutable(Path.of("/usr/bin/mosquitto_pub"))
                && Files.isExecutable(Path.of("/usr/bin/mosquitto_sub"));
        if (!installed) {
            System.out.println("MosquittoClientsTest skipped: mosquitto-clients is not installed (.ci/run installs it)");
        }
        assumeTrue(installed, "mosquitto-clients not installed");
        hub = Hub.start(HubConfig.forTests(data));
        api = ServiceClient.forPolicy(hub.dataFolder(), hub.httpsPort(), "iothubowner");
        JsonNode device = JSON.readTree(api.put("/devices/mosq-1", "{}").body());
        byte[] key = Base64.getDecoder().decode(device.at("/authentication/symmetricKey/primaryKey").asText());
        token = SasToken.create("127.0.0.1/devices/mosq-1", key, Instant.now().plusSeconds(600), null).format();
    }

    @AfterEach
    void stop() {
        if (hub != null) {
            hub.close();
        }
    }

    @Test
    void mosquittoPubSendsTelemetry() throws Exception {
        Result pub = run("mosquitto_pub", "-t", "devices/mosq-1/messages/events/kind=mosquitto", "-m", "hello",
                "-q", "1");
        assertThat(pub.exitCode()).as(pub.output()).isZero();
        JsonNode stored = JSON.readTree(api.get("/streams/telemetry/messages").body());
        assertThat(stored).hasSize(1);
        assertThat(stored.get(0).at("/properties/kind").asText()).isEqualTo("mosquitto");
        assertThat(new String(Base64.getDecoder().decode(stored.get(0).path("body").asText()), StandardCharsets.UTF_8))
                .isEqualTo("hello");
    }

    @Test
    void mosquittoSubReceivesACloudToDeviceMessage() throws Exception {
        api.post("/devices/mosq-1/messages/deviceBound", "turn left", "iothub-messageid", "m-1");
        Result sub = run("mosquitto_sub", "-t", "devices/mosq-1/messages/devicebound/#", "-q", "1", "-C", "1",
                "-W", "15", "-v");
        assertThat(sub.exitCode()).as(sub.output()).isZero();
        assertThat(sub.output()).contains("devices/mosq-1/messages/devicebound/%24.to=").contains("%24.mid=m-1")
                .contains("turn left");
    }

    @Test
    void mosquittoWithAnotherDevicesTopicIsRefused() throws Exception {
        run("mosquitto_pub", "-t", "devices/someone-else/messages/events/", "-m", "spoof", "-q", "1");
        assertThat(JSON.readTree(api.get("/streams/telemetry/messages").body())).isEmpty();
        JsonNode violations = JSON.readTree(api.get("/audit?action=mqtt.acl-violation").body());
        assertThat(violations).hasSize(1);
        assertThat(violations.get(0).path("actor").asText()).isEqualTo("device:mosq-1");
    }

    private record Result(int exitCode, String output) {
    }

    private Result run(String tool, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(tool, "-h", "127.0.0.1", "-p", String.valueOf(hub.mqttPort()),
                "--cafile", hub.dataFolder().caCertificate().toString(), "-V", "mqttv311", "-i", "mosq-1",
                "-u", "127.0.0.1/mosq-1/?api-version=2021-04-12", "-P", token));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new Result(process.exitValue(), output);
    }
}
