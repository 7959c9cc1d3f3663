package io.bulwark.hub.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The write-ahead log is copied back by a checkpointer of its own, so that no commit (and no acknowledgement waiting
 * on one) pays for the copy, and the log still does not grow without bound.
 */
class WalCheckpointerTest {

    private static final int ROUND = 200;

    @TempDir
    Path dir;

    @Test
    void aFullCheckpointLetsTheLogStartOverInsteadOfGrowing() throws Exception {
        Path file = dir.resolve("checkpointed.db");
        try (SqliteDatabase database = writer(file);
             WalCheckpointer checkpointer = WalCheckpointer.open(file, "test-checkpoint")) {
            writeRound(database, 0);
            WalCheckpointer.Checkpoint first = checkpointer.checkpoint();
            assertThat(first.busy()).isFalse();
            assertThat(first.logFrames()).isGreaterThan(ROUND);
            assertThat(first.checkpointedFrames()).isEqualTo(first.logFrames());
            long logAfterFirstRound = Files.size(wal(file));

            writeRound(database, 1);
            assertThat(checkpointer.checkpoint().checkpointedFrames()).isGreaterThan(ROUND);
            assertThat(Files.size(wal(file))).isLessThanOrEqualTo(logAfterFirstRound);
            assertThat(count(database)).isEqualTo(2 * ROUND);
        }
    }

    @Test
    void withoutACheckpointTheWritersLogKeepsGrowingBelowItsOwnThreshold() throws Exception {
        Path file = dir.resolve("unchecked.db");
        try (SqliteDatabase database = writer(file)) {
            writeRound(database, 0);
            long logAfterFirstRound = Files.size(wal(file));
            writeRound(database, 1);
            // The writer leaves the copy to the checkpointer: its own threshold (64 MiB) is far away.
            assertThat(Files.size(wal(file))).isGreaterThan(logAfterFirstRound + logAfterFirstRound / 2);
        }
    }

    @Test
    void aStartedCheckpointerCopiesTheLogOnItsOwn() throws Exception {
        Path file = dir.resolve("scheduled.db");
        try (SqliteDatabase database = writer(file);
             WalCheckpointer ignored = WalCheckpointer.start(file, "test-checkpoint", Duration.ofMillis(20))) {
            long fileBefore = Files.size(file);
            writeRound(database, 0);
            // Only a checkpoint writes pages into the database file itself.
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> Files.size(file) > fileBefore + (long) ROUND * 4096);
            assertThat(count(database)).isEqualTo(ROUND);
        }
    }

    private static SqliteDatabase writer(Path file) {
        SqliteDatabase database = SqliteDatabase.open(file, List.of(WalCheckpointer.WRITER_SETUP));
        database.transaction(connection -> {
            try (Statement create = connection.createStatement()) {
                create.execute("CREATE TABLE t (round INTEGER, n INTEGER, body BLOB, PRIMARY KEY (round, n))");
            }
            return null;
        });
        return database;
    }

    /** {@link #ROUND} commits of one 8 KiB row each: at least two log frames per commit. */
    private static void writeRound(SqliteDatabase database, int round) {
        for (int n = 0; n < ROUND; n++) {
            int row = n;
            database.transaction(connection -> {
                try (PreparedStatement insert = connection.prepareStatement("INSERT INTO t VALUES (?, ?, ?)")) {
                    insert.setInt(1, round);
                    insert.setInt(2, row);
                    insert.setBytes(3, new byte[8 * 1024]);
                    insert.executeUpdate();
                }
                return null;
            });
        }
    }

    private static long count(SqliteDatabase database) {
        return database.read(connection -> {
            try (Statement query = connection.createStatement();
                 ResultSet rows = query.executeQuery("SELECT count(*) FROM t")) {
                rows.next();
                return rows.getLong(1);
            }
        });
    }

    private static Path wal(Path file) {
        return file.resolveSibling(file.getFileName() + "-wal");
    }
}
