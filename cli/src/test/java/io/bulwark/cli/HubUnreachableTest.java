package io.bulwark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the CLI says when there is no hub to talk to. */
class HubUnreachableTest {

    @TempDir
    Path temp;

    @Test
    void aStoppedHubIsReportedWithHowToStartIt() {
        Path data = temp.resolve("data");
        RunningHub.start(data).close();

        CliRunner.Result listed = new CliRunner(Map.of()).run("device", "list", "--data", data.toString());

        assertThat(listed.exitCode()).isEqualTo(1);
        assertThat(listed.err()).contains("cannot reach the hub").contains("bulwark up");
    }

    @Test
    void aFolderWhereNoHubEverRanSaysSo() {
        CliRunner.Result listed = new CliRunner(Map.of()).run("device", "list", "--data",
                temp.resolve("nothing").toString());

        assertThat(listed.exitCode()).isEqualTo(1);
        assertThat(listed.err()).contains("bulwark up");
    }

    @Test
    void theDataFolderComesFromTheEnvironmentWhenNoFlagIsGiven() {
        Path data = temp.resolve("from-env");

        CliRunner.Result listed = new CliRunner(Map.of("BULWARK_DATA", data.toString())).run("device", "list");

        assertThat(listed.exitCode()).isEqualTo(1);
        assertThat(listed.err()).contains(data.toString());
    }
}
