package io.bulwark.hub.stream.embedded;

import io.bulwark.hub.store.sqlite.SqliteDatabase;
import io.bulwark.hub.stream.StreamName;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The newest end of a stream in {@code streams.db}: the last offset written and the byte position after it. Read from
 * the newest message, or from {@code stream_heads} when retention has deleted it.
 */
record StreamHead(long lastOffset, long nextPosition) {

    private static final String NEWEST = "SELECT offset, position + size FROM messages "
            + "WHERE stream = ? ORDER BY offset DESC LIMIT 1";
    private static final String SAVED = "SELECT last_offset, next_position FROM stream_heads WHERE stream = ?";
    private static final String OLDEST = "SELECT offset FROM messages WHERE stream = ? ORDER BY offset LIMIT 1";

    /**
     * Every page read starts here: its statements are kept prepared on {@code database}'s connection (the one
     * {@code connection} is, since this runs inside that database's work).
     */
    static StreamHead of(SqliteDatabase database, Connection connection, StreamName stream) throws SQLException {
        long lastOffset = 0;
        long nextPosition = 0;
        PreparedStatement newest = database.prepared(connection, NEWEST);
        newest.setString(1, stream.wireName());
        try (ResultSet row = newest.executeQuery()) {
            if (row.next()) {
                lastOffset = row.getLong(1);
                nextPosition = row.getLong(2);
            }
        }
        PreparedStatement saved = database.prepared(connection, SAVED);
        saved.setString(1, stream.wireName());
        try (ResultSet row = saved.executeQuery()) {
            if (row.next()) {
                lastOffset = Math.max(lastOffset, row.getLong(1));
                nextPosition = Math.max(nextPosition, row.getLong(2));
            }
        }
        return new StreamHead(lastOffset, nextPosition);
    }

    /** Kept before retention deletes messages, so the head survives even if they were all of the stream. */
    void save(Connection connection, StreamName stream) throws SQLException {
        try (PreparedStatement upsert = connection.prepareStatement("INSERT INTO stream_heads (stream, last_offset, "
                + "next_position) VALUES (?,?,?) ON CONFLICT (stream) DO UPDATE SET "
                + "last_offset = max(last_offset, excluded.last_offset), "
                + "next_position = max(next_position, excluded.next_position)")) {
            upsert.setString(1, stream.wireName());
            upsert.setLong(2, lastOffset);
            upsert.setLong(3, nextPosition);
            upsert.executeUpdate();
        }
    }

    /** The oldest offset the stream holds, or the one after the head when it holds none. */
    static long firstOffset(SqliteDatabase database, Connection connection, StreamName stream, StreamHead head)
            throws SQLException {
        PreparedStatement query = database.prepared(connection, OLDEST);
        query.setString(1, stream.wireName());
        try (ResultSet row = query.executeQuery()) {
            return row.next() ? row.getLong(1) : head.lastOffset() + 1;
        }
    }
}
