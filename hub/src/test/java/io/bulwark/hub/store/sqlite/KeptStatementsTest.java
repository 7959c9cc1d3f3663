package io.bulwark.hub.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Statements kept prepared per connection ({@link SqliteDatabase#prepared}): compiled once, holding no snapshot
 * between uses (a held snapshot would keep every checkpoint from finishing and the write-ahead log would grow without
 * end), dropped after a failure, closed with the database.
 */
class KeptStatementsTest {

    private static final String NAMES = "SELECT name FROM t ORDER BY name";
    private static final String INSERT = "INSERT INTO t (name) VALUES (?)";

    @TempDir
    Path dir;

    private SqliteDatabase database;

    @BeforeEach
    void open() {
        // One reading connection, so every read borrows the same one.
        database = SqliteDatabase.open(dir.resolve("t.db"), 1);
        database.transaction(connection -> {
            try (Statement create = connection.createStatement()) {
                create.execute("CREATE TABLE t (name TEXT PRIMARY KEY)");
            }
            for (String name : new String[] {"a", "b", "c"}) {
                insert(connection, name);
            }
            return null;
        });
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void aStatementIsPreparedOncePerConnectionAndAnswersWithEachUsesParameters() {
        PreparedStatement first = database.read(connection -> database.prepared(connection, "SELECT ?"));
        String answer = database.read(connection -> {
            PreparedStatement again = database.prepared(connection, "SELECT ?");
            assertThat(again).isSameAs(first);
            again.setString(1, "second");
            try (ResultSet row = again.executeQuery()) {
                row.next();
                return row.getString(1);
            }
        });
        assertThat(answer).isEqualTo("second");
    }

    @Test
    void aKeptReadWhoseResultSetIsClosedHoldsNoSnapshotSoACheckpointCompletes() throws SQLException {
        // Reads only the first of several rows, as a lookup does, then closes the result set.
        String first = database.read(connection -> {
            try (ResultSet rows = database.prepared(connection, NAMES).executeQuery()) {
                rows.next();
                return rows.getString(1);
            }
        });
        assertThat(first).isEqualTo("a");
        database.transaction(connection -> insert(connection, "d"));

        Checkpoint checkpoint = truncatingCheckpoint();

        assertThat(checkpoint.busy()).as("a reader still holds a snapshot").isZero();
        assertThat(checkpoint.framesLeft()).isZero();
    }

    @Test
    void aKeptStatementStillSteppingWouldHoldTheSnapshotAndBlockTheCheckpoint() throws SQLException {
        // The hazard the rule above guards against, shown so the check above is known to catch it.
        database.read(connection -> {
            ResultSet rows = database.prepared(connection, NAMES).executeQuery();
            rows.next();
            return null;
        });
        database.transaction(connection -> insert(connection, "d"));

        assertThat(truncatingCheckpoint().busy()).isEqualTo(1);

        // The next use of the statement resets it, and the log can be checkpointed again.
        database.read(connection -> {
            database.prepared(connection, NAMES).executeQuery().close();
            return null;
        });
        assertThat(truncatingCheckpoint().busy()).isZero();
    }

    @Test
    void aKeptWriteHoldsNoStatementOpenAfterItsCommit() throws SQLException {
        database.transaction(connection -> {
            PreparedStatement insert = database.prepared(connection, INSERT);
            insert.setString(1, "d");
            insert.executeUpdate();
            return null;
        });

        Checkpoint checkpoint = truncatingCheckpoint();

        assertThat(checkpoint.busy()).isZero();
        assertThat(checkpoint.framesLeft()).isZero();
    }

    @Test
    void failedWorkDropsTheConnectionsStatementsAndTheNextCallerGetsAWorkingOne() {
        AtomicReference<PreparedStatement> used = new AtomicReference<>();
        assertThatThrownBy(() -> database.transaction(connection -> {
            PreparedStatement insert = database.prepared(connection, INSERT);
            used.set(insert);
            insert.setString(1, "e");
            insert.executeUpdate();
            insert.setString(1, "a");
            return insert.executeUpdate();
        })).isInstanceOf(StoreException.class);

        PreparedStatement next = database.transaction(connection -> {
            PreparedStatement insert = database.prepared(connection, INSERT);
            insert.setString(1, "f");
            insert.executeUpdate();
            return insert;
        });

        assertThat(next).isNotSameAs(used.get());
        assertThat(isClosed(used.get())).isTrue();
        // The failed work's savepoint undid its first insert; the next work's insert stands.
        assertThat(names()).containsExactly("a", "b", "c", "f");
    }

    @Test
    void aFailedReadDropsTheReadersStatements() {
        AtomicReference<PreparedStatement> used = new AtomicReference<>();
        assertThatThrownBy(() -> database.read(connection -> {
            PreparedStatement query = database.prepared(connection, NAMES);
            used.set(query);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                throw new IllegalStateException("refused while reading");
            }
        })).isInstanceOf(IllegalStateException.class);

        assertThat(isClosed(used.get())).isTrue();
        assertThat(names()).containsExactly("a", "b", "c");
    }

    @Test
    void closingTheDatabaseClosesItsKeptStatements() {
        PreparedStatement read = database.read(connection -> database.prepared(connection, NAMES));
        PreparedStatement write = database.transaction(connection -> database.prepared(connection, INSERT));

        database.close();

        assertThat(isClosed(read)).isTrue();
        assertThat(isClosed(write)).isTrue();
        database = SqliteDatabase.open(dir.resolve("t.db"), 1);
    }

    @Test
    void theWritingConnectionsStatementsAreOnlyForWorkHoldingIt() {
        Connection writer = database.transaction(connection -> connection);

        assertThatThrownBy(() -> database.prepared(writer, NAMES)).isInstanceOf(IllegalStateException.class);
    }

    private record Checkpoint(int busy, int framesLeft) { }

    /**
     * TRUNCATE waits for every reader of the log to finish; without a busy timeout it reports busy at once instead.
     * Run on a connection of its own, as another process's checkpoint would be.
     */
    private Checkpoint truncatingCheckpoint() throws SQLException {
        try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("t.db").toAbsolutePath());
             Statement pragma = other.createStatement()) {
            pragma.execute("PRAGMA busy_timeout=0");
            try (ResultSet result = pragma.executeQuery("PRAGMA wal_checkpoint(TRUNCATE)")) {
                result.next();
                return new Checkpoint(result.getInt(1), result.getInt(2) - result.getInt(3));
            }
        }
    }

    private java.util.List<String> names() {
        return database.read(connection -> {
            java.util.List<String> names = new java.util.ArrayList<>();
            try (PreparedStatement query = connection.prepareStatement(NAMES);
                 ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    names.add(rows.getString(1));
                }
            }
            return names;
        });
    }

    private static boolean isClosed(PreparedStatement statement) {
        try {
            return statement.isClosed();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Void insert(Connection connection, String name) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
            insert.setString(1, name);
            insert.executeUpdate();
        }
        return null;
    }
}
