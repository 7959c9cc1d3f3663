package io.bulwark.hub.stream.embedded;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Set;

/** The tables of {@code streams.db}, created or brought up to date when the file is opened. */
final class StreamTables {

    private StreamTables() {
    }

    static void ensure(Connection connection) throws SQLException {
        try (Statement sql = connection.createStatement()) {
            // size and position precede the body so retention reads them without touching large bodies.
            sql.execute("""
                    CREATE TABLE IF NOT EXISTS messages (
                        stream TEXT NOT NULL,
                        offset INTEGER NOT NULL,
                        device_id TEXT NOT NULL,
                        module_id TEXT,
                        enqueued_time TEXT NOT NULL,
                        source TEXT NOT NULL,
                        size INTEGER NOT NULL DEFAULT 0,
                        position INTEGER NOT NULL DEFAULT 0,
                        properties TEXT NOT NULL,
                        body BLOB NOT NULL,
                        PRIMARY KEY (stream, offset)
                    ) WITHOUT ROWID""");
            addMissingColumns(connection, sql);
            // One device's messages are found through DeviceIndex, in a file of its own: an index here cost every
            // message a page write per commit. A file from before that loses its index.
            sql.execute("DROP INDEX IF EXISTS messages_by_device");
            // The newest offset and byte position of a stream, kept when retention deletes its newest message, so
            // offsets are never reused after a restart.
            sql.execute("""
                    CREATE TABLE IF NOT EXISTS stream_heads (
                        stream TEXT PRIMARY KEY,
                        last_offset INTEGER NOT NULL,
                        next_position INTEGER NOT NULL
                    )""");
            sql.execute("""
                    CREATE TABLE IF NOT EXISTS consumer_cursors (
                        stream TEXT NOT NULL,
                        group_name TEXT NOT NULL,
                        offset INTEGER NOT NULL,
                        committed_at TEXT NOT NULL,
                        PRIMARY KEY (stream, group_name)
                    ) WITHOUT ROWID""");
        }
    }

    /** A streams.db from before retention: its messages count as zero bytes at position 0, the oldest of all. */
    private static void addMissingColumns(Connection connection, Statement sql) throws SQLException {
        Set<String> columns = new HashSet<>();
        try (ResultSet row = connection.createStatement().executeQuery("PRAGMA table_info(messages)")) {
            while (row.next()) {
                columns.add(row.getString("name"));
            }
        }
        for (String column : new String[] {"size", "position"}) {
            if (!columns.contains(column)) {
                sql.execute("ALTER TABLE messages ADD COLUMN " + column + " INTEGER NOT NULL DEFAULT 0");
            }
        }
    }
}
