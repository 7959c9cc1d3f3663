package io.bulwark.hub.stream.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reading one device's messages is cheap however many other devices write to the stream, and writing a message
 * touches no page ordered by device: the messages table has its primary key only.
 */
class StreamQueryPlanTest {

    @TempDir
    Path dir;

    @Test
    void oneDevicesRunsAreLookedUpThroughTheDeviceIndexKey() throws SQLException {
        assertThat(plan(DeviceIndex.fileFor(dir.resolve("streams.db")), DeviceIndex.lookup()))
                .contains("USING INDEX device_runs_by_device (stream=? AND device_id=? AND first_offset>? AND "
                        + "first_offset<?)")
                .contains("USING COVERING INDEX device_runs_by_device (stream=? AND device_id=? AND first_offset<?)")
                .doesNotContain("TEMP B-TREE").doesNotContain("SCAN");
    }

    @Test
    void eachIndexedMessageIsReadByItsKeyAndTheNewestThroughThePrimaryKeyRange() throws SQLException {
        for (String columns : new String[] {StreamPages.MESSAGE_COLUMNS, StreamPages.METADATA_COLUMNS}) {
            assertThat(streamsPlan(StreamPages.byOffset(columns))).contains("USING PRIMARY KEY (stream=? AND "
                    + "offset=?)");
            assertThat(streamsPlan(StreamPages.range(columns, true))).contains("USING PRIMARY KEY (stream=? AND "
                    + "offset>?)").doesNotContain("TEMP B-TREE");
        }
    }

    @Test
    void aWholeStreamIsReadInPrimaryKeyOrder() throws SQLException {
        for (String columns : new String[] {StreamPages.MESSAGE_COLUMNS, StreamPages.METADATA_COLUMNS}) {
            assertThat(streamsPlan(StreamPages.range(columns, false))).contains("USING PRIMARY KEY")
                    .doesNotContain("TEMP B-TREE");
        }
    }

    @Test
    void theMessagesTableHasNoIndexButItsPrimaryKeyEvenInAFileThatHadOne() throws SQLException {
        Path file = dir.resolve("streams.db");
        SqliteStreams.open(file).close();
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            connection.createStatement().execute("CREATE INDEX messages_by_device ON messages (stream, device_id, "
                    + "offset)");
        }
        SqliteStreams.open(file).close();
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
             ResultSet row = connection.createStatement().executeQuery(
                     "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND tbl_name = 'messages' "
                             + "AND sql IS NOT NULL")) {
            assertThat(row.getInt(1)).isZero();
        }
    }

    private String streamsPlan(String select) throws SQLException {
        return plan(dir.resolve("streams.db"), select);
    }

    private String plan(Path file, String select) throws SQLException {
        SqliteStreams.open(dir.resolve("streams.db")).close();
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
             PreparedStatement explain = connection.prepareStatement("EXPLAIN QUERY PLAN " + select)) {
            int parameters = explain.getParameterMetaData().getParameterCount();
            for (int i = 1; i <= parameters; i++) {
                explain.setObject(i, i == parameters ? (Object) 100 : (Object) "x");
            }
            StringBuilder text = new StringBuilder();
            try (ResultSet plan = explain.executeQuery()) {
                while (plan.next()) {
                    text.append(plan.getString("detail")).append('\n');
                }
            }
            return text.toString();
        }
    }
}
