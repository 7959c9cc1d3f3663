package io.bulwark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.bulwark.protocol.connection.ServiceConnectionString;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** {@code connection-string --policy}: the one command whose job is to print a policy key. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConnectionStringCommandTest {

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
    void printsThePolicysConnectionStringFromTheDataFolder() throws Exception {
        CliRunner.Result printed = hub.run("connection-string", "--policy", "service");

        assertThat(printed.exitCode()).isZero();
        String written = Files.readString(hub.hub().dataFolder().policyConnectionString("service")).trim();
        assertThat(printed.out().trim()).isEqualTo(written);
        ServiceConnectionString parsed = ServiceConnectionString.parse(printed.out().trim());
        assertThat(parsed.sharedAccessKeyName()).isEqualTo("service");
        assertThat(parsed.sharedAccessKey()).isEqualTo(hub.policyKey("service"));
    }

    @Test
    void anUnknownPolicyIsAnErrorNamingTheKnownOnes() {
        CliRunner.Result unknown = hub.run("connection-string", "--policy", "root");

        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.err()).contains("no policy named 'root'")
                .contains("device, iothubowner, registryRead, registryReadWrite, service");
        assertThat(unknown.out()).isEmpty();
    }

    @Test
    void aPolicyNameCannotReachOutsideTheCredentialsFolder() {
        CliRunner.Result escaped = hub.run("connection-string", "--policy", "../hub");

        assertThat(escaped.exitCode()).isEqualTo(1);
        assertThat(escaped.out()).isEmpty();
    }

    @Test
    void aFolderWithoutCredentialsSaysHowToGetThem() {
        CliRunner.Result none = new CliRunner(Map.of()).run("connection-string", "--policy", "service",
                "--data", temp.resolve("empty").toString());

        assertThat(none.exitCode()).isEqualTo(1);
        assertThat(none.err()).contains("bulwark up");
    }

    @Test
    void thePolicyIsRequired() {
        assertThat(hub.run("connection-string").exitCode()).isEqualTo(2);
    }
}
