package io.bulwark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.bulwark.hub.DataFolder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code audit list} through the REST API and {@code audit verify} offline: edits, deletions and reordering made
 * directly in the database are found and named (S-AUD-1).
 */
class AuditCommandTest {

    @TempDir
    Path temp;

    private RunningHub hub;
    private DataFolder folder;

    @BeforeEach
    void startHubAndDoSomething() {
        hub = RunningHub.start(temp.resolve("data"));
        folder = hub.hub().dataFolder();
        for (String id : new String[] {"audited-1", "audited-2", "audited-3"}) {
            assertThat(hub.run("device", "create", id).exitCode()).isZero();
        }
        hub.run("device", "disable", "audited-2");
    }

    @AfterEach
    void stopHub() {
        hub.close();
    }

    @Test
    void listShowsWhoDidWhatFilteredByAction() {
        CliRunner.Result created = hub.run("audit", "list", "--action", "device.create");

        assertThat(created.exitCode()).as(created.toString()).isZero();
        assertThat(created.lines()).hasSize(3).allSatisfy(line -> assertThat(line)
                .contains("device.create").contains("policy:iothubowner").contains("success"));
        assertThat(created.lines().get(0)).contains("device:audited-1");
    }

    @Test
    void listStopsAtTheLimitAndPagesOnWithAfter() {
        CliRunner.Result first = hub.run("audit", "list", "--limit", "2");
        assertThat(first.lines()).hasSize(2);
        assertThat(first.lines().get(0).trim()).startsWith("1 ");

        CliRunner.Result next = hub.run("audit", "list", "--after", "2", "--limit", "1");
        assertThat(next.lines()).hasSize(1);
        assertThat(next.lines().get(0).trim()).startsWith("3 ");
    }

    @Test
    void listRefusesAnUnknownOutcome() {
        assertThat(hub.run("audit", "list", "--outcome", "maybe").exitCode()).isEqualTo(2);
    }

    @Test
    void verifyReportsAnIntactLog() {
        hub.close();

        CliRunner.Result verified = hub.run("audit", "verify");

        assertThat(verified.exitCode()).as(verified.toString()).isZero();
        assertThat(verified.out()).containsPattern("audit log intact: \\d+ records");
    }

    @Test
    void verifyWorksWhileTheHubRuns() {
        CliRunner.Result verified = hub.run("audit", "verify");

        assertThat(verified.exitCode()).as(verified.toString()).isZero();
    }

    @Test
    void verifyNamesAnEditedRecord() throws Exception { // S-AUD-1
        hub.close();
        long target = sequenceOf("device.create", "device:audited-2");

        sql("UPDATE audit_log SET detail = 'nothing happened' WHERE sequence = " + target);

        CliRunner.Result verified = hub.run("audit", "verify");
        assertThat(verified.exitCode()).as(verified.toString()).isEqualTo(3);
        assertThat(verified.out()).contains("sequence " + target).contains("modified");
    }

    @Test
    void verifyNamesADeletedRecord() throws Exception { // S-AUD-1
        hub.close();
        long target = sequenceOf("device.create", "device:audited-2");

        sql("DELETE FROM audit_log WHERE sequence = " + target);

        CliRunner.Result verified = hub.run("audit", "verify");
        assertThat(verified.exitCode()).as(verified.toString()).isEqualTo(3);
        assertThat(verified.out()).contains("sequence " + target).contains("missing");
    }

    @Test
    void verifyNamesSwappedRecords() throws Exception { // S-AUD-1
        hub.close();
        long first = sequenceOf("device.create", "device:audited-1");
        long second = sequenceOf("device.create", "device:audited-3");

        sql("UPDATE audit_log SET sequence = -1 WHERE sequence = " + first);
        sql("UPDATE audit_log SET sequence = " + first + " WHERE sequence = " + second);
        sql("UPDATE audit_log SET sequence = " + second + " WHERE sequence = -1");

        CliRunner.Result verified = hub.run("audit", "verify");
        assertThat(verified.exitCode()).as(verified.toString()).isEqualTo(3);
        assertThat(verified.out()).contains("sequence " + first);
    }

    @Test
    void verifyNamesACutOffTail() throws Exception { // S-AUD-1
        hub.close();
        long last = sequenceOf("hub.stop", "hub");

        sql("DELETE FROM audit_log WHERE sequence = " + last);

        CliRunner.Result verified = hub.run("audit", "verify");
        assertThat(verified.exitCode()).as(verified.toString()).isEqualTo(3);
        assertThat(verified.out()).contains("sequence " + last);
    }

    @Test
    void verifyReadsTheOneLineHeadFileOfAnEarlierHub() throws Exception { // S-AUD-1
        hub.close();
        long last = sequenceOf("hub.stop", "hub");
        String hash = hashOf(last);
        // What hubs before the slotted head file wrote: one line, "SEQUENCE HASH".
        Files.writeString(folder.auditHead(), last + " " + hash + "\n");

        CliRunner.Result verified = hub.run("audit", "verify");
        assertThat(verified.exitCode()).as(verified.toString()).isZero();

        sql("DELETE FROM audit_log WHERE sequence = " + last);
        CliRunner.Result cut = hub.run("audit", "verify");
        assertThat(cut.exitCode()).as(cut.toString()).isEqualTo(3);
        assertThat(cut.out()).contains("sequence " + last);
    }

    @Test
    void verifyRefusesToRunWithoutTheMasterKeyAndCreatesNone() throws Exception {
        hub.close();
        Files.delete(folder.masterKey());

        CliRunner.Result verified = hub.run("audit", "verify");

        assertThat(verified.exitCode()).isEqualTo(1);
        assertThat(verified.err()).contains("master key").contains("BULWARK_MASTER_KEY");
        assertThat(folder.masterKey()).doesNotExist();
    }

    @Test
    void verifyOfAMissingFolderFailsWithoutCreatingIt() {
        Path nowhere = temp.resolve("nowhere");

        CliRunner.Result verified = new CliRunner(Map.of()).run("audit", "verify", "--data", nowhere.toString());

        assertThat(verified.exitCode()).isEqualTo(1);
        assertThat(verified.err()).contains("no data folder");
        assertThat(nowhere).doesNotExist();
    }

    private long sequenceOf(String action, String target) throws SQLException {
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + folder.database());
             var query = db.prepareStatement("SELECT sequence FROM audit_log WHERE action = ? AND target = ?"
                     + " ORDER BY sequence DESC LIMIT 1")) {
            query.setString(1, action);
            query.setString(2, target);
            try (var rows = query.executeQuery()) {
                assertThat(rows.next()).as("an audit record %s %s", action, target).isTrue();
                return rows.getLong(1);
            }
        }
    }

    private String hashOf(long sequence) throws SQLException {
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + folder.database());
             var query = db.prepareStatement("SELECT hash FROM audit_log WHERE sequence = ?")) {
            query.setLong(1, sequence);
            try (var rows = query.executeQuery()) {
                assertThat(rows.next()).isTrue();
                return rows.getString(1);
            }
        }
    }

    private void sql(String statement) throws SQLException {
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + folder.database());
             Statement update = db.createStatement()) {
            assertThat(update.executeUpdate(statement)).isEqualTo(1);
        }
    }
}
