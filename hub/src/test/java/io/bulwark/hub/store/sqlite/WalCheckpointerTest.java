package io.bulwark.hub.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The write-ahead log is copied back into the database file by the checkpointing thread, not by the commits: the
 * writer's own checkpoint waits for a log twice as long as SQLite's default, and by then finds it nearly copied.
 */
class WalCheckpointerTest {

    private static final int ROWS = 300;
    private static final int ROW_BYTES = 4096;

    @TempDir
    Path dir;

    @Test
    void committedPagesReachTheDatabaseFileWithoutTheWriterCheckpointing() throws Exception {
        Path file = dir.resolve("c.db");
        try (SqliteDatabase database = SqliteDatabase.open(file)) {
            database.transaction(connection -> {
                try (Statement create = connection.createStatement()) {
                    create.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, body BLOB NOT NULL)");
                }
                return null;
            });
            long before = Files.size(file);
            for (int i = 0; i < ROWS; i++) {
                int row = i;
                database.transaction(connection -> {
                    try (PreparedStatement insert = connection.prepareStatement("INSERT INTO t VALUES (?, ?)")) {
                        insert.setInt(1, row);
                        insert.setBytes(2, new byte[ROW_BYTES]);
                        insert.executeUpdate();
                    }
                    return null;
                });
            }
            int writerPages = database.transaction(connection -> pragma(connection, "wal_autocheckpoint"));
            assertThat(writerPages).isEqualTo(WalCheckpointer.WRITER_PAGES);
            // Over 300 pages were committed, far below the writer's threshold: only the thread copies them back.
            awaitUntil(() -> Files.size(file) >= before + (long) ROWS * ROW_BYTES);
            int stored = database.read(WalCheckpointerTest::count);
            assertThat(stored).isEqualTo(ROWS);
        }
        // Everything was copied back, so the file holds every row with its log gone.
        try (SqliteDatabase reopened = SqliteDatabase.open(file)) {
            int stored = reopened.read(WalCheckpointerTest::count);
            assertThat(stored).isEqualTo(ROWS);
        }
    }

    @Test
    void aDatabaseThatOnlyReadsAsksForNoCheckpoint() throws Exception {
        Path file = dir.resolve("r.db");
        try (SqliteDatabase database = SqliteDatabase.open(file)) {
            database.transaction(connection -> {
                try (Statement create = connection.createStatement()) {
                    create.execute("CREATE TABLE t (id INTEGER PRIMARY KEY)");
                    create.execute("INSERT INTO t VALUES (1)");
                }
                return null;
            });
            WalCheckpointer checkpointer = checkpointerOf(database);
            awaitUntil(() -> checkpointer.checkpoints() == 1);
            for (int i = 0; i < 20; i++) {
                int rows = database.transaction(WalCheckpointerTest::count);
                assertThat(rows).isEqualTo(1);
            }
            Thread.sleep(3 * WalCheckpointer.INTERVAL_MILLIS);
            assertThat(checkpointer.checkpoints()).isEqualTo(1);
        }
    }

    @Test
    void closingTheDatabaseStopsItsCheckpointingThread() throws Exception {
        Path file = dir.resolve("s.db");
        try (SqliteDatabase database = SqliteDatabase.open(file)) {
            database.transaction(connection -> {
                try (Statement create = connection.createStatement()) {
                    create.execute("CREATE TABLE t (id INTEGER PRIMARY KEY)");
                    create.execute("INSERT INTO t VALUES (1)");
                }
                return null;
            });
            awaitUntil(() -> checkpointerOf(database).checkpoints() == 1);
            assertThat(checkpointingThreads()).contains("bulwark-checkpoint-s.db");
        }
        assertThat(checkpointingThreads()).doesNotContain("bulwark-checkpoint-s.db");
    }

    private static WalCheckpointer checkpointerOf(SqliteDatabase database) throws Exception {
        var field = SqliteDatabase.class.getDeclaredField("checkpointer");
        field.setAccessible(true);
        return (WalCheckpointer) field.get(database);
    }

    private static List<String> checkpointingThreads() {
        return Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                .filter(name -> name.startsWith("bulwark-checkpoint-")).toList();
    }

    private static int count(java.sql.Connection connection) throws SQLException {
        try (Statement query = connection.createStatement();
             ResultSet rows = query.executeQuery("SELECT count(*) FROM t")) {
            rows.next();
            return rows.getInt(1);
        }
    }

    private static int pragma(java.sql.Connection connection, String name) throws SQLException {
        try (Statement query = connection.createStatement(); ResultSet row = query.executeQuery("PRAGMA " + name)) {
            row.next();
            return row.getInt(1);
        }
    }

    private interface Condition {
        boolean holds() throws Exception;
    }

    /** Polls an asynchronous effect with a generous bound; the assertion is the effect, not how fast it came. */
    private static void awaitUntil(Condition condition) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.holds()) {
            assertThat(System.nanoTime()).as("waited 20 s").isLessThan(deadline);
            Thread.sleep(10);
        }
    }
}
