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

/** Reading one device's messages is cheap however many other devices write to the stream. */
class StreamQueryPlanTest {

    @TempDir
    Path dir;

    @Test
    void oneDevicesMessagesAreReadThroughTheIndexOnStreamDeviceAndOffset() throws SQLException {
        assertThat(plan(SqliteStreams.select(true))).contains("USING INDEX messages_by_device")
                .doesNotContain("TEMP B-TREE");
    }

    @Test
    void aWholeStreamIsReadInPrimaryKeyOrder() throws SQLException {
        assertThat(plan(SqliteStreams.select(false))).contains("USING PRIMARY KEY").doesNotContain("TEMP B-TREE");
    }

    @Test
    void theMetadataReadUsesTheSamePlansAsTheMessageRead() throws SQLException {
        assertThat(plan(SqliteStreams.selectMetadata(true))).contains("USING INDEX messages_by_device")
                .doesNotContain("TEMP B-TREE");
        assertThat(plan(SqliteStreams.selectMetadata(false))).contains("USING PRIMARY KEY")
                .doesNotContain("TEMP B-TREE");
    }

    private String plan(String select) throws SQLException {
        SqliteStreams.open(dir.resolve("streams.db")).close();
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("streams.db"));
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
