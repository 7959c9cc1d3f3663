package io.bulwark.hub.stream.embedded;

import io.bulwark.hub.store.sqlite.SqliteDatabase;
import io.bulwark.hub.stream.RetentionResult;
import io.bulwark.hub.stream.StreamName;
import io.bulwark.hub.stream.StreamRetention;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;

/**
 * Deletes the oldest messages of a stream beyond its age and byte limits. Runs off the ingest path (the retention
 * sweep's thread) and in short transactions, so the stream writer waits for the database lock only briefly.
 */
final class SqliteRetention {

    /** Messages looked at or deleted per transaction. */
    private static final int CHUNK = 5_000;

    private final SqliteDatabase database;

    SqliteRetention(SqliteDatabase database) {
        this.database = database;
    }

    RetentionResult apply(StreamName stream, StreamRetention retention, Instant now) {
        long[] range = database.transaction(connection -> {
            StreamHead head = StreamHead.of(database, connection, stream);
            return new long[] {StreamHead.firstOffset(database, connection, stream, head), head.lastOffset(),
                    head.nextPosition()};
        });
        long first = range[0];
        long last = range[1];
        if (first > last) {
            return new RetentionResult(stream, 0, first);
        }
        long cut = Math.max(sizeCut(stream, first, last, range[2] - retention.maxBytes()),
                ageCut(stream, first, last, now.minus(retention.maxAge())));
        long deleted = 0;
        for (long from = first; from < cut; from += CHUNK) {
            long to = Math.min(cut, from + CHUNK);
            deleted += deleteRange(stream, from, to);
        }
        return new RetentionResult(stream, deleted, Math.max(first, cut));
    }

    /** The first offset whose message starts at or after the byte position {@code keepFrom}. */
    private long sizeCut(StreamName stream, long first, long last, long keepFrom) {
        if (keepFrom <= 0) {
            return first;
        }
        return database.transaction(connection -> {
            try (PreparedStatement query = connection.prepareStatement("SELECT offset FROM messages WHERE stream = ? "
                    + "AND offset >= ? AND position >= ? ORDER BY offset LIMIT 1")) {
                query.setString(1, stream.wireName());
                query.setLong(2, first);
                query.setLong(3, keepFrom);
                try (ResultSet row = query.executeQuery()) {
                    return row.next() ? row.getLong(1) : last + 1;
                }
            }
        });
    }

    /**
     * The first offset whose message is not older than {@code oldestKept}. The scan stops at the first young message,
     * so a clock that stepped back never makes retention delete anything but a prefix.
     */
    private long ageCut(StreamName stream, long first, long last, Instant oldestKept) {
        long from = first;
        while (from <= last) {
            long start = from;
            long[] found = database.transaction(connection -> {
                try (PreparedStatement query = connection.prepareStatement("SELECT offset, enqueued_time FROM "
                        + "messages WHERE stream = ? AND offset >= ? AND offset <= ? ORDER BY offset LIMIT ?")) {
                    query.setString(1, stream.wireName());
                    query.setLong(2, start);
                    query.setLong(3, last);
                    query.setInt(4, CHUNK);
                    long seen = start - 1;
                    try (ResultSet row = query.executeQuery()) {
                        while (row.next()) {
                            seen = row.getLong(1);
                            if (!Instant.parse(row.getString(2)).isBefore(oldestKept)) {
                                return new long[] {seen, 1};
                            }
                        }
                    }
                    return new long[] {seen, 0};
                }
            });
            if (found[1] == 1) {
                return found[0];
            }
            if (found[0] < start) {
                break;
            }
            from = found[0] + 1;
        }
        return last + 1;
    }

    private long deleteRange(StreamName stream, long from, long to) {
        return database.transaction(connection -> {
            StreamHead.of(database, connection, stream).save(connection, stream);
            try (PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM messages WHERE stream = ? AND offset >= ? AND offset < ?")) {
                delete.setString(1, stream.wireName());
                delete.setLong(2, from);
                delete.setLong(3, to);
                return (long) delete.executeUpdate();
            }
        });
    }
}
