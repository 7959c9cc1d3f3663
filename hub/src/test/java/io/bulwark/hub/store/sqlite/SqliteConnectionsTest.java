package io.bulwark.hub.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The settings every Bulwark connection opens with. The driver's generated keys are off (they cost a pattern match and
 * an extra query after every INSERT), so a new row's key is read with {@code RETURNING}.
 */
class SqliteConnectionsTest {

    @TempDir
    Path dir;

    @Test
    void anInsertOffersNoGeneratedKeysAndReturningGivesTheNewRowsKey() throws SQLException {
        SqliteConnections connections = SqliteConnections.open(dir.resolve("k.db"), 1,
                SqliteConnections.DEFAULT_PAGE_SIZE, List.of());
        try {
            Connection writer = connections.writer();
            try (Statement create = writer.createStatement()) {
                create.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT)");
            }
            try (PreparedStatement insert = writer.prepareStatement("INSERT INTO t (name) VALUES (?)")) {
                insert.setString(1, "first");
                assertThat(insert.executeUpdate()).isEqualTo(1);
                try (ResultSet keys = insert.getGeneratedKeys()) {
                    assertThat(keys.next()).isFalse();
                }
            }
            try (PreparedStatement insert = writer.prepareStatement(
                    "INSERT INTO t (name) VALUES (?) RETURNING id")) {
                insert.setString(1, "second");
                try (ResultSet key = insert.executeQuery()) {
                    assertThat(key.next()).isTrue();
                    assertThat(key.getLong(1)).isEqualTo(2);
                }
            }
            writer.commit();
            Connection reader = connections.readers().get(0);
            try (Statement query = reader.createStatement();
                 ResultSet rows = query.executeQuery("SELECT id, name FROM t ORDER BY id")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getString(2)).isEqualTo("first");
                assertThat(rows.next()).isTrue();
                assertThat(rows.getLong(1)).isEqualTo(2);
                assertThat(rows.getString(2)).isEqualTo("second");
                assertThat(rows.next()).isFalse();
            }
            reader.commit();
        } finally {
            connections.writer().close();
            for (Connection reader : connections.readers()) {
                reader.close();
            }
        }
    }

    @Test
    void aNewFileGetsTheAskedPageSizeAndAFileThatExistsKeepsItsOwn() throws SQLException {
        Path made = dir.resolve("small-pages.db");
        SqliteConnections small = SqliteConnections.open(made, 0, 1024, List.of());
        assertThat(pageSize(small.writer())).isEqualTo(1024);
        assertThat(journalMode(small.writer())).isEqualTo("wal");
        small.writer().close();

        Path existing = dir.resolve("default-pages.db");
        SqliteConnections.open(existing, 0, SqliteConnections.DEFAULT_PAGE_SIZE, List.of()).writer().close();
        SqliteConnections reopened = SqliteConnections.open(existing, 0, 1024, List.of());
        assertThat(pageSize(reopened.writer())).isEqualTo(4096);
        reopened.writer().close();
    }

    private static int pageSize(Connection connection) throws SQLException {
        try (Statement query = connection.createStatement(); ResultSet row = query.executeQuery("PRAGMA page_size")) {
            return row.next() ? row.getInt(1) : -1;
        }
    }

    private static String journalMode(Connection connection) throws SQLException {
        try (Statement query = connection.createStatement();
             ResultSet row = query.executeQuery("PRAGMA journal_mode")) {
            return row.next() ? row.getString(1) : "";
        }
    }
}
