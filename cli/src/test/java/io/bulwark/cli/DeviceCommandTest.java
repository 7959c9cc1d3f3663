package io.bulwark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.bulwark.hub.HubRuntimeInfo;
import io.bulwark.protocol.connection.DeviceConnectionString;
import io.bulwark.protocol.sas.SasToken;
import io.bulwark.protocol.sas.SasTokenVerifier;
import io.bulwark.protocol.sas.SasVerdict;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The {@code device} commands against a real hub over HTTPS. Every run also asserts no policy key is printed. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DeviceCommandTest {

    private Path temp;
    private RunningHub hub;

    @BeforeAll
    void startHub(@TempDir Path temp) {
        this.temp = temp;
        hub = RunningHub.start(temp.resolve("data"));
    }

    @AfterAll
    void stopHub() {
        hub.close();
    }

    @Test
    void createShowsWhatWasCreatedButNoKey() {
        CliRunner.Result created = hub.run("device", "create", "sensor-1", "--tag", "building=43");

        assertThat(created.exitCode()).as(created.toString()).isZero();
        assertThat(created.out()).contains("created device sensor-1: enabled, sas, -")
                .contains("bulwark device connection-string sensor-1");
        assertThat(created.out()).doesNotContain(hub.primaryKey("sensor-1"));
    }

    @Test
    void showHidesKeysUnlessAsked() {
        hub.run("device", "create", "shown");

        CliRunner.Result plain = hub.run("device", "show", "shown");
        assertThat(plain.exitCode()).isZero();
        JsonNode device = RunningHub.json(plain.out());
        assertThat(device.path("deviceId").asText()).isEqualTo("shown");
        assertThat(device.path("authentication").has("symmetricKey")).isFalse();
        assertThat(plain.out()).doesNotContain(hub.primaryKey("shown"));

        assertThat(hub.device("shown").path("authentication").path("symmetricKey").path("primaryKey").asText())
                .hasSizeGreaterThanOrEqualTo(44);
    }

    @Test
    void showOfAnUnknownDevicePrintsTheProblemAndExitsOne() {
        CliRunner.Result missing = hub.run("device", "show", "no-such-device");

        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err()).contains("404").contains("device-not-found").contains("no-such-device");
        assertThat(missing.out()).isEmpty();
    }

    @Test
    void listFollowsContinuationTokensPastOnePage() {
        IntStream.rangeClosed(1, 7).forEach(i ->
                assertThat(hub.run("device", "create", "paged-" + i, "--tag", "fleet=paging").exitCode()).isZero());

        CliRunner.Result listed = hub.run("device", "list", "--tag", "fleet:paging", "--page-size", "3");

        assertThat(listed.exitCode()).as(listed.toString()).isZero();
        assertThat(listed.lines()).hasSize(7)
                .allSatisfy(line -> assertThat(line).startsWith("paged-").contains("enabled").contains("sas"));
        assertThat(listed.lines().stream().map(line -> line.split("\\s+")[0]))
                .containsExactlyInAnyOrder("paged-1", "paged-2", "paged-3", "paged-4", "paged-5", "paged-6",
                        "paged-7");
    }

    @Test
    void listFiltersByStatus() {
        hub.run("device", "create", "status-on", "--tag", "fleet=status");
        hub.run("device", "create", "status-off", "--tag", "fleet=status", "--disabled", "--reason", "not installed");

        CliRunner.Result disabled = hub.run("device", "list", "--status", "disabled", "--tag", "fleet:status");

        assertThat(disabled.lines()).hasSize(1);
        assertThat(disabled.lines().get(0)).startsWith("status-off").contains("disabled");
        assertThat(hub.device("status-off").path("statusReason").asText()).isEqualTo("not installed");
    }

    @Test
    void gatewayAndChildAreShownAsSuch() {
        assertThat(hub.run("device", "create", "gw-1", "--gateway").exitCode()).isZero();
        CliRunner.Result child = hub.run("device", "create", "child-1", "--parent", "gw-1");
        assertThat(child.exitCode()).as(child.toString()).isZero();

        CliRunner.Result children = hub.run("device", "list", "--parent", "gw-1");

        assertThat(children.lines()).singleElement().asString().startsWith("child-1").endsWith("parent=gw-1");
        assertThat(hub.device("child-1").path("parentScopes").get(0).asText())
                .isEqualTo(hub.device("gw-1").path("deviceScope").asText());
        assertThat(hub.run("device", "list", "--tag", "none:none").lines()).isEmpty();
    }

    @Test
    void aParentThatIsNotAGatewayIsRefused() {
        hub.run("device", "create", "plain-1");

        CliRunner.Result child = hub.run("device", "create", "orphan-1", "--parent", "plain-1");

        assertThat(child.exitCode()).isEqualTo(1);
        assertThat(child.err()).contains("plain-1 is not a gateway");
        assertThat(hub.run("device", "show", "orphan-1").exitCode()).isEqualTo(1);
    }

    @Test
    void disableAndEnableKeepTheKeys() {
        hub.run("device", "create", "toggled");
        String key = hub.primaryKey("toggled");

        CliRunner.Result disabled = hub.run("device", "disable", "toggled", "--reason", "reported stolen");
        assertThat(disabled.exitCode()).as(disabled.toString()).isZero();
        assertThat(hub.device("toggled").path("status").asText()).isEqualTo("disabled");
        assertThat(hub.device("toggled").path("statusReason").asText()).isEqualTo("reported stolen");

        assertThat(hub.run("device", "enable", "toggled").exitCode()).isZero();
        JsonNode enabled = hub.device("toggled");
        assertThat(enabled.path("status").asText()).isEqualTo("enabled");
        assertThat(enabled.path("authentication").path("symmetricKey").path("primaryKey").asText()).isEqualTo(key);
    }

    @Test
    void regenerateKeyReplacesOnlyTheChosenKey() {
        hub.run("device", "create", "rotated");
        JsonNode before = hub.device("rotated").path("authentication").path("symmetricKey");

        CliRunner.Result regenerated = hub.run("device", "regenerate-key", "rotated", "--key", "primary");

        assertThat(regenerated.exitCode()).as(regenerated.toString()).isZero();
        JsonNode after = hub.device("rotated").path("authentication").path("symmetricKey");
        assertThat(after.path("primaryKey").asText()).isNotEqualTo(before.path("primaryKey").asText());
        assertThat(after.path("secondaryKey").asText()).isEqualTo(before.path("secondaryKey").asText());
        assertThat(regenerated.out()).doesNotContain(after.path("primaryKey").asText());
    }

    @Test
    void tokenIsSignedWithTheDevicesKeyForItsAudience() {
        hub.run("device", "create", "tokened");

        CliRunner.Result printed = hub.run("device", "token", "tokened", "--ttl", "600");

        assertThat(printed.exitCode()).as(printed.toString()).isZero();
        SasToken token = SasToken.parse(printed.out().trim());
        String hubHost = HubRuntimeInfo.readFrom(hub.hub().dataFolder().runtimeInfo()).orElseThrow().hostName();
        assertThat(token.resource()).isEqualTo(hubHost + "/devices/tokened");
        assertThat(token.keyName()).isNull();
        assertThat(token.expiresAt()).isBetween(Instant.now().plusSeconds(590), Instant.now().plusSeconds(610));
        SasTokenVerifier verifier = new SasTokenVerifier(Clock.systemUTC(), Duration.ZERO);
        assertThat(verifier.verify(token, Base64.getDecoder().decode(hub.primaryKey("tokened"))))
                .isEqualTo(SasVerdict.VALID);
        assertThat(hub.run("device", "token", "tokened", "--ttl", "5").exitCode()).isEqualTo(1);
    }

    @Test
    void connectionStringNamesTheHubAndCarriesTheDevicesPrimaryKey() {
        hub.run("device", "create", "connected");

        CliRunner.Result printed = hub.run("device", "connection-string", "connected");

        assertThat(printed.exitCode()).as(printed.toString()).isZero();
        DeviceConnectionString parsed = DeviceConnectionString.parse(printed.out().trim());
        String hubHost = HubRuntimeInfo.readFrom(hub.hub().dataFolder().runtimeInfo()).orElseThrow().hostName();
        assertThat(parsed.hostName()).isEqualTo(hubHost);
        assertThat(parsed.deviceId()).isEqualTo("connected");
        assertThat(parsed.moduleId()).isNull();
        assertThat(parsed.sharedAccessKey()).isEqualTo(hub.primaryKey("connected"));
        // A device signing with the printed key is accepted against the key the hub stored.
        SasToken token = SasToken.create(parsed.hostName() + "/devices/connected",
                Base64.getDecoder().decode(parsed.sharedAccessKey()), Instant.now().plusSeconds(600), null);
        SasTokenVerifier verifier = new SasTokenVerifier(Clock.systemUTC(), Duration.ZERO);
        assertThat(verifier.verify(token, Base64.getDecoder().decode(hub.primaryKey("connected"))))
                .isEqualTo(SasVerdict.VALID);
    }

    @Test
    void deleteRemovesTheDevice() {
        hub.run("device", "create", "doomed");

        CliRunner.Result deleted = hub.run("device", "delete", "doomed");

        assertThat(deleted.exitCode()).isZero();
        assertThat(deleted.out()).contains("deleted device doomed");
        assertThat(hub.run("device", "show", "doomed").err()).contains("404");
        assertThat(hub.run("device", "delete", "doomed").exitCode()).isEqualTo(1);
    }

    @Test
    void importThenExportRoundTripsWithKeysInAnOwnerOnlyFile() throws Exception {
        Path lines = temp.resolve("devices.ndjson");
        Files.write(lines, List.of(
                "{\"deviceId\":\"imported-1\"}",
                "{\"deviceId\":\"imported-2\",\"tags\":{\"fleet\":\"imported\"}}",
                "{\"deviceId\":\"imported-3\",\"status\":\"disabled\"}"));

        CliRunner.Result imported = hub.run("device", "import", lines.toString());

        assertThat(imported.exitCode()).as(imported.toString()).isZero();
        assertThat(imported.out()).contains("3 created, 0 updated, 0 deleted");
        assertThat(hub.device("imported-3").path("status").asText()).isEqualTo("disabled");

        Path exported = temp.resolve("export.ndjson");
        CliRunner.Result export = hub.run("device", "export", "--out", exported.toString());
        assertThat(export.exitCode()).as(export.toString()).isZero();
        assertThat(export.err()).contains("keep it private");
        assertThat(Files.getPosixFilePermissions(exported)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        List<String> exportedLines = Files.readAllLines(exported);
        assertThat(exportedLines).anySatisfy(line -> assertThat(line).contains("imported-2")
                .contains(hub.primaryKey("imported-2")));
        assertThat(exportedLines).allSatisfy(line -> assertThat(RunningHub.json(line).isObject()).isTrue());

        CliRunner.Result toStdout = hub.run("device", "export");
        assertThat(toStdout.lines()).hasSameSizeAs(exportedLines);
    }

    @Test
    void importOfAMissingFileFailsClearly() {
        CliRunner.Result imported = hub.run("device", "import", temp.resolve("absent.ndjson").toString());

        assertThat(imported.exitCode()).isEqualTo(1);
        assertThat(imported.err()).contains("no such file");
    }

    @Test
    void usageErrorsExitTwo() {
        assertThat(hub.run("device", "create", "x-1", "--reason", "why").exitCode()).isEqualTo(2);
        assertThat(hub.run("device", "list", "--status", "sleeping").exitCode()).isEqualTo(2);
        assertThat(hub.run("device", "regenerate-key", "x-1", "--key", "tertiary").exitCode()).isEqualTo(2);
        assertThat(hub.run("device", "create").exitCode()).isEqualTo(2);
        assertThat(hub.run("device", "frobnicate").exitCode()).isEqualTo(2);
    }

    @Test
    void callOnADeviceThatIsNotConnectedFailsWithTheHubsProblem() {
        assertThat(hub.run("device", "create", "call-offline").exitCode()).isZero();

        CliRunner.Result call = hub.run("device", "call", "call-offline", "reboot", "--payload", "{\"delay\":1}");

        assertThat(call.exitCode()).isEqualTo(1);
        assertThat(call.err()).contains("404").contains("device-not-online");
    }

    @Test
    void callRefusesAPayloadThatIsNotJson() {
        CliRunner.Result call = hub.run("device", "call", "any", "reboot", "--payload", "{not json");

        assertThat(call.exitCode()).isEqualTo(2);
        assertThat(call.err()).contains("--payload is not JSON");
    }
}
