package io.bulwark.hub.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Group commit: work queued together shares a commit, and each piece succeeds or fails on its own (S-DATA-1). Reads
 * on the reading connections see what is committed and wait for no writer.
 */
class SqliteDatabaseTest {

    @TempDir
    Path dir;

    private SqliteDatabase database;

    @BeforeEach
    void open() {
        database = SqliteDatabase.open(dir.resolve("t.db"), 2);
        database.transaction(connection -> {
            try (Statement create = connection.createStatement()) {
                create.execute("CREATE TABLE t (name TEXT PRIMARY KEY)");
            }
            return null;
        });
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void failingWorkInAGroupUndoesOnlyItsOwnChanges() {
        SqliteDatabase.Queued<Void> first = database.enqueue(connection -> insert(connection, "a"));
        SqliteDatabase.Queued<Void> failing = database.enqueue(connection -> {
            insert(connection, "b");
            throw new IllegalStateException("refused after writing");
        });
        SqliteDatabase.Queued<Void> duplicate = database.enqueue(connection -> insert(connection, "a"));
        SqliteDatabase.Queued<Void> last = database.enqueue(connection -> insert(connection, "c"));

        first.await();
        assertThatThrownBy(failing::await).isInstanceOf(IllegalStateException.class)
                .hasMessage("refused after writing");
        assertThatThrownBy(duplicate::await).isInstanceOf(StoreException.class)
                .hasCauseInstanceOf(SQLException.class);
        last.await();
        assertThat(names()).containsExactly("a", "c");
    }

    @Test
    void withoutReadingConnectionsAReadSeesTheWorkQueuedBeforeItAndItsFailureUndoesNothingElse() {
        try (SqliteDatabase groupOnly = SqliteDatabase.open(dir.resolve("group-only.db"))) {
            groupOnly.transaction(connection -> {
                try (Statement create = connection.createStatement()) {
                    create.execute("CREATE TABLE t (name TEXT PRIMARY KEY)");
                }
                return null;
            });
            SqliteDatabase.Queued<Void> first = groupOnly.enqueue(connection -> insert(connection, "a"));
            // The read runs in the same group as the insert queued before it, without a savepoint of its own.
            assertThat(groupOnly.read(SqliteDatabaseTest::count)).isEqualTo(1);
            SqliteDatabase.Queued<Void> second = groupOnly.enqueue(connection -> insert(connection, "b"));
            assertThatThrownBy(() -> groupOnly.read(connection -> {
                try (Statement query = connection.createStatement()) {
                    return query.executeQuery("SELECT no_such_column FROM t").next();
                }
            })).isInstanceOf(StoreException.class).hasCauseInstanceOf(SQLException.class);
            first.await();
            second.await();
            List<String> stored = groupOnly.read(connection -> {
                List<String> names = new ArrayList<>();
                try (Statement query = connection.createStatement();
                     ResultSet rows = query.executeQuery("SELECT name FROM t ORDER BY name")) {
                    while (rows.next()) {
                        names.add(rows.getString(1));
                    }
                }
                return names;
            });
            assertThat(stored).containsExactly("a", "b");
        }
    }

    @Test
    void workInsideWorkJoinsItsTransaction() {
        assertThatThrownBy(() -> database.transaction(connection -> {
            insert(connection, "outer");
            database.transaction(inner -> insert(inner, "inner"));
            throw new IllegalStateException("undo both");
        })).isInstanceOf(IllegalStateException.class);
        assertThat(names()).isEmpty();
    }

    @Test
    void everyTransactionOfManyConcurrentCallersIsCommittedInQueueOrder() throws Exception {
        ExecutorService callers = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int c = 0; c < 8; c++) {
                int caller = c;
                done.add(callers.submit(() -> {
                    for (int i = 0; i < 50; i++) {
                        String name = caller + "-" + i;
                        database.transaction(connection -> insert(connection, name));
                    }
                }));
            }
            for (Future<?> future : done) {
                future.get();
            }
        } finally {
            callers.shutdown();
        }
        List<String> names = names();
        assertThat(names).hasSize(400);
        for (int c = 0; c < 8; c++) {
            String prefix = c + "-";
            // Each caller's rows were committed in the order it wrote them (rowid order).
            assertThat(names.stream().filter(n -> n.startsWith(prefix)).toList())
                    .containsExactlyElementsOf(java.util.stream.IntStream.range(0, 50).mapToObj(i -> prefix + i)
                            .toList());
        }
    }

    @Test
    void aReadSeesEveryTransactionCommittedBeforeIt() {
        database.transaction(connection -> insert(connection, "committed"));
        assertThat(readNames()).containsExactly("committed");
        database.transaction(connection -> insert(connection, "next"));
        assertThat(readNames()).containsExactly("committed", "next");
    }

    @Test
    void aReadDoesNotWaitForTheWriterNorSeeWhatItHasNotCommitted() throws Exception {
        CountDownLatch writing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService writer = Executors.newSingleThreadExecutor();
        try {
            Future<?> written = writer.submit(() -> database.transaction(connection -> {
                insert(connection, "pending");
                writing.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return null;
            }));
            writing.await();
            // The writer holds the connection until this read returns: a read waiting for it would never end.
            assertThat(CompletableFuture.supplyAsync(this::readNames).get(30, TimeUnit.SECONDS)).isEmpty();
            release.countDown();
            written.get(30, TimeUnit.SECONDS);
            assertThat(readNames()).containsExactly("pending");
        } finally {
            release.countDown();
            writer.shutdownNow();
        }
    }

    @Test
    void readingConnectionsCannotWrite() {
        assertThatThrownBy(() -> database.read(connection -> insert(connection, "sneaked")))
                .isInstanceOf(StoreException.class).hasCauseInstanceOf(SQLException.class);
        assertThat(names()).isEmpty();
    }

    @Test
    void aReadInsideWorkSeesThatWorksOwnChanges() {
        List<String> seen = database.transaction(connection -> {
            insert(connection, "mine");
            return readNames();
        });
        assertThat(seen).containsExactly("mine");
    }

    @Test
    void actionsAfterCommitRunInCommitOrderAndOnlyForWorkThatCommitted() {
        List<String> actions = new java.util.concurrent.CopyOnWriteArrayList<>();
        SqliteDatabase.Queued<Void> first = database.enqueue(connection -> {
            insert(connection, "a");
            database.afterCommit(() -> actions.add("a"));
            return null;
        });
        SqliteDatabase.Queued<Void> failing = database.enqueue(connection -> {
            database.afterCommit(() -> actions.add("undone"));
            throw new IllegalStateException("refused after registering");
        });
        SqliteDatabase.Queued<Void> last = database.enqueue(connection -> {
            insert(connection, "c");
            database.afterCommit(() -> actions.add("c"));
            return null;
        });
        last.await();
        first.await();
        assertThatThrownBy(failing::await).isInstanceOf(IllegalStateException.class);
        assertThat(actions).containsExactly("a", "c");
        assertThatThrownBy(() -> database.afterCommit(() -> actions.add("outside")))
                .isInstanceOf(IllegalStateException.class);
    }

    /** The names as a reading connection sees them. */
    private List<String> readNames() {
        return database.read(SqliteDatabaseTest::names);
    }

    private static Void insert(java.sql.Connection connection, String name) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO t (name) VALUES (?)")) {
            insert.setString(1, name);
            insert.executeUpdate();
        }
        return null;
    }

    private static int count(java.sql.Connection connection) throws SQLException {
        try (Statement query = connection.createStatement(); ResultSet row = query.executeQuery("SELECT count(*) FROM t")) {
            return row.next() ? row.getInt(1) : -1;
        }
    }

    /** The names as the group commit sees them. */
    private List<String> names() {
        return database.transaction(SqliteDatabaseTest::names);
    }

    private static List<String> names(java.sql.Connection connection) throws SQLException {
        List<String> names = new ArrayList<>();
        try (Statement query = connection.createStatement();
             ResultSet row = query.executeQuery("SELECT name FROM t ORDER BY rowid")) {
            while (row.next()) {
                names.add(row.getString(1));
            }
        }
        return names;
    }
}
