package io.bulwark.hub.stream.embedded;

import io.bulwark.hub.store.sqlite.SqliteDatabase;
import io.bulwark.hub.stream.StreamQuery;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * One page of a stream read in a transaction of the streams' read connection: a range of offsets through the primary
 * key, or one device's messages, whose older offsets come from the {@link DeviceIndex} (each read by its key) and
 * whose newest, not indexed yet, are found by reading through the messages after the index's end.
 */
final class StreamPages {

    private final DeviceIndex index;
    /** The database whose connection {@link #read} is given; its statements are kept prepared there. */
    private final SqliteDatabase reads;

    StreamPages(DeviceIndex index, SqliteDatabase reads) {
        this.index = index;
        this.reads = reads;
    }

    @FunctionalInterface
    interface Row<T> {
        T read(ResultSet row) throws SQLException;
    }

    <T> List<T> read(Connection connection, StreamQuery query, StreamHead head, long first, String columns,
                     Row<T> reader) throws SQLException {
        List<T> found = new ArrayList<>();
        if (query.deviceId() == null) {
            PreparedStatement select = reads.prepared(connection, range(columns, false));
            select.setString(1, query.stream().wireName());
            select.setLong(2, query.fromOffset());
            select.setInt(3, query.limit());
            collect(select, reader, found);
            return found;
        }
        // The device's offsets the index holds, each read by its key; then the newest messages, not indexed yet.
        long from = Math.max(query.fromOffset(), first);
        DeviceIndex.Lookup indexed = index.offsets(query.stream(), query.deviceId(), from, query.limit());
        PreparedStatement byKey = reads.prepared(connection, byOffset(columns));
        for (long offset : indexed.offsets()) {
            if (offset > head.lastOffset()) {
                break;
            }
            byKey.setString(1, query.stream().wireName());
            byKey.setLong(2, offset);
            byKey.setString(3, query.deviceId());
            collect(byKey, reader, found);
        }
        if (found.size() < query.limit()) {
            PreparedStatement newest = reads.prepared(connection, range(columns, true));
            newest.setString(1, query.stream().wireName());
            newest.setLong(2, Math.max(from, indexed.indexedUpTo() + 1));
            newest.setString(3, query.deviceId());
            newest.setInt(4, query.limit() - found.size());
            collect(newest, reader, found);
        }
        return found;
    }

    private static <T> void collect(PreparedStatement select, Row<T> reader, List<T> into) throws SQLException {
        try (ResultSet row = select.executeQuery()) {
            while (row.next()) {
                into.add(reader.read(row));
            }
        }
    }

    static final String MESSAGE_COLUMNS = "offset, device_id, module_id, enqueued_time, source, properties, body";
    static final String METADATA_COLUMNS = "offset, device_id, enqueued_time, length(body)";

    /**
     * Messages from an offset on, in offset order through the primary key; with {@code oneDevice}, only one device's
     * (the newest messages, which the device index does not hold yet, are found so).
     */
    static String range(String columns, boolean oneDevice) {
        return "SELECT " + columns + " FROM messages WHERE stream = ? AND offset >= ? "
                + (oneDevice ? "AND device_id = ? " : "") + "ORDER BY offset LIMIT ?";
    }

    /** One message by its key, if it is the device's. */
    static String byOffset(String columns) {
        return "SELECT " + columns + " FROM messages WHERE stream = ? AND offset = ? AND device_id = ?";
    }
}
