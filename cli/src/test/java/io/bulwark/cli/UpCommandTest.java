package io.bulwark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.bulwark.hub.DataFolder;
import io.bulwark.hub.HubRuntimeInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bulwark up}, in-process, with a lifetime the test controls instead of waiting for Ctrl-C. */
class UpCommandTest {

    @TempDir
    Path temp;

    @Test
    void firstStartPrintsWhereTheCredentialsAreButNoKey() throws Exception { // S-AUTH-2
        Path data = temp.resolve("data");
        DataFolder folder = new DataFolder(data);
        List<String> whileUp = new ArrayList<>();
        CliRunner cli = new CliRunner(Map.of(), stop -> {
            // While the hub runs, it answers the CLI.
            CliRunner.Result created = new CliRunner(Map.of()).run("device", "create", "while-up", "--data",
                    data.toString());
            whileUp.add(created.out());
            stop.run();
        });

        CliRunner.Result up = cli.run(upArgs(data));

        assertThat(up.exitCode()).as(up.toString()).isZero();
        HubRuntimeInfo info = HubRuntimeInfo.readFrom(folder.runtimeInfo()).orElseThrow();
        assertThat(up.out())
                .contains("https://127.0.0.1:" + info.httpsPort())
                .contains("mqtts://127.0.0.1:" + info.mqttPort())
                .contains("wss://127.0.0.1:" + info.httpsPort() + "/$iothub/websocket")
                .contains(folder.caCertificate().toString())
                .contains(folder.credentials().toString())
                .contains("First start")
                .contains("Ctrl-C")
                .contains("hub stopped");
        assertThat(whileUp).singleElement().asString().contains("created device while-up");
        for (String policy : List.of("iothubowner", "service", "device", "registryRead", "registryReadWrite")) {
            String line = Files.readString(folder.policyConnectionString(policy)).trim();
            String key = line.substring(line.indexOf("SharedAccessKey=") + "SharedAccessKey=".length());
            assertThat(up.out() + up.err()).doesNotContain(key);
        }
        assertThat(up.out() + up.err()).doesNotContain(Files.readString(folder.masterKey()).trim());
    }

    @Test
    void aSecondStartDoesNotClaimToHaveGeneratedCredentials() {
        Path data = temp.resolve("data");
        CliRunner cli = new CliRunner(Map.of());
        assertThat(cli.run(upArgs(data)).exitCode()).isZero();

        CliRunner.Result again = cli.run(upArgs(data));

        assertThat(again.exitCode()).isZero();
        assertThat(again.out()).doesNotContain("First start").contains("https://");
    }

    @Test
    void hostNamesFromTheEnvironmentNameTheServiceAddress() {
        Path data = temp.resolve("data");
        CliRunner.Result up = new CliRunner(Map.of("BULWARK_HOST", "hub.example.test")).run(upArgs(data));

        assertThat(up.exitCode()).as(up.toString()).isZero();
        assertThat(up.out()).contains("https://hub.example.test:");
    }

    @Test
    void aBadPortInTheEnvironmentIsAUsageError() {
        CliRunner.Result up = new CliRunner(Map.of("BULWARK_MQTT_PORT", "eighty")).run("up", "--data",
                temp.resolve("data").toString(), "--https-port", "0");

        assertThat(up.exitCode()).isEqualTo(2);
        assertThat(up.err()).contains("BULWARK_MQTT_PORT");
        assertThat(temp.resolve("data")).doesNotExist();
    }

    private static String[] upArgs(Path data) {
        return new String[] {"up", "--data", data.toString(), "--bind", "127.0.0.1", "--https-port", "0",
            "--mqtt-port", "0"};
    }
}
