package io.bulwark.hub.store.sqlite;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.sqlite.SQLiteConfig;

/**
 * The connections of one {@link SqliteDatabase}, opened with the settings every Bulwark database shares: one that
 * writes (WAL, synchronous=FULL, foreign keys) and {@code readerCount} that cannot. If any of them cannot be opened,
 * none stays open.
 *
 * @param writer  the one writing connection, not in auto-commit
 * @param readers read-only connections on the same file, each read in one read transaction
 */
record SqliteConnections(Connection writer, List<Connection> readers) {

    /** Leaves the page size of a new file to SQLite (4 KiB). */
    static final int DEFAULT_PAGE_SIZE = 0;

    SqliteConnections {
        readers = List.copyOf(readers);
    }

    /**
     * @param newFilePageSize the page size a file created now gets ({@link #DEFAULT_PAGE_SIZE}: SQLite's); a file
     *                        that exists keeps its own, since changing it would mean rewriting the whole file
     */
    static SqliteConnections open(Path file, int readerCount, int newFilePageSize, List<String> setup) {
        List<Connection> opened = new ArrayList<>();
        try {
            Connection connection = connect(file, newFilePageSize);
            opened.add(connection);
            try (Statement pragma = connection.createStatement()) {
                pragma.execute("PRAGMA journal_mode=WAL");
                // FULL: a commit is on disk before it returns, so an acknowledged write survives power loss too.
                pragma.execute("PRAGMA synchronous=FULL");
                pragma.execute("PRAGMA foreign_keys=ON");
                pragma.execute("PRAGMA busy_timeout=10000");
                for (String statement : setup) {
                    pragma.execute(statement);
                }
            }
            connection.setAutoCommit(false);
            List<Connection> readers = new ArrayList<>();
            for (int i = 0; i < readerCount; i++) {
                Connection reader = openReader(file);
                opened.add(reader);
                readers.add(reader);
            }
            return new SqliteConnections(connection, readers);
        } catch (SQLException e) {
            for (Connection open : opened) {
                try {
                    open.close();
                } catch (SQLException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw new StoreException("cannot open database " + file, e);
        }
    }

    /**
     * Without the driver's generated keys: to offer them, sqlite-jdbc matches every INSERT's SQL against a pattern and
     * runs {@code SELECT last_insert_rowid()} after it, on a statement compiled each time: about 8 % of the
     * garbage a cloud-to-device message made. Bulwark reads a new row's key with {@code RETURNING} instead.
     */
    private static Connection connect(Path file, int newFilePageSize) throws SQLException {
        Properties settings = new Properties();
        settings.setProperty(SQLiteConfig.Pragma.JDBC_GET_GENERATED_KEYS.pragmaName, "false");
        if (newFilePageSize != DEFAULT_PAGE_SIZE) {
            // Set as the driver opens the file, before WAL mode is: after that SQLite ignores it.
            settings.setProperty(SQLiteConfig.Pragma.PAGE_SIZE.pragmaName, Integer.toString(newFilePageSize));
        }
        return DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath(), settings);
    }

    /** A connection that cannot write (query_only), reading the same WAL-mode file. */
    private static Connection openReader(Path file) throws SQLException {
        Connection reader = connect(file, DEFAULT_PAGE_SIZE);
        try (Statement pragma = reader.createStatement()) {
            pragma.execute("PRAGMA query_only=ON");
            pragma.execute("PRAGMA busy_timeout=10000");
        }
        // Each read runs in one read transaction, so a read of several statements sees one snapshot.
        reader.setAutoCommit(false);
        return reader;
    }
}
