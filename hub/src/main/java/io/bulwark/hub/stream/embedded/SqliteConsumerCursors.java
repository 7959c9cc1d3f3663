package io.bulwark.hub.stream.embedded;

import io.bulwark.hub.store.sqlite.SqliteDatabase;
import io.bulwark.hub.stream.ConsumerCursor;
import io.bulwark.hub.stream.ConsumerCursors;
import io.bulwark.hub.stream.ConsumerGroup;
import io.bulwark.hub.stream.StreamName;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Consumer cursors in {@code streams.db}, next to the messages they point into. */
final class SqliteConsumerCursors implements ConsumerCursors {

    private final SqliteDatabase database;
    /** Syncs the streams' log: their file commits without syncing (see {@link WalSync}), a saved cursor must not. */
    private final Runnable sync;

    SqliteConsumerCursors(SqliteDatabase database, Runnable sync) {
        this.database = database;
        this.sync = sync;
    }

    @Override
    public Optional<ConsumerCursor> find(StreamName stream, ConsumerGroup group) {
        return database.transaction(connection -> {
            try (PreparedStatement query = connection.prepareStatement("SELECT group_name, offset, committed_at "
                    + "FROM consumer_cursors WHERE stream = ? AND group_name = ?")) {
                query.setString(1, stream.wireName());
                query.setString(2, group.name());
                List<ConsumerCursor> found = cursors(stream, query);
                return found.stream().findFirst();
            }
        });
    }

    @Override
    public List<ConsumerCursor> list(StreamName stream) {
        return database.transaction(connection -> {
            try (PreparedStatement query = connection.prepareStatement("SELECT group_name, offset, committed_at "
                    + "FROM consumer_cursors WHERE stream = ? ORDER BY group_name")) {
                query.setString(1, stream.wireName());
                return cursors(stream, query);
            }
        });
    }

    @Override
    public void save(ConsumerCursor cursor) {
        database.transaction(connection -> {
            try (PreparedStatement upsert = connection.prepareStatement("INSERT INTO consumer_cursors (stream, "
                    + "group_name, offset, committed_at) VALUES (?,?,?,?) ON CONFLICT (stream, group_name) "
                    + "DO UPDATE SET offset = excluded.offset, committed_at = excluded.committed_at")) {
                upsert.setString(1, cursor.stream().wireName());
                upsert.setString(2, cursor.group().name());
                upsert.setLong(3, cursor.offset());
                upsert.setString(4, cursor.committedAt().toString());
                upsert.executeUpdate();
            }
            return null;
        });
        sync.run();
    }

    @Override
    public boolean delete(StreamName stream, ConsumerGroup group) {
        boolean deleted = database.transaction(connection -> {
            try (PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM consumer_cursors WHERE stream = ? AND group_name = ?")) {
                delete.setString(1, stream.wireName());
                delete.setString(2, group.name());
                return delete.executeUpdate() > 0;
            }
        });
        sync.run();
        return deleted;
    }

    private static List<ConsumerCursor> cursors(StreamName stream, PreparedStatement query) throws SQLException {
        List<ConsumerCursor> cursors = new ArrayList<>();
        try (ResultSet row = query.executeQuery()) {
            while (row.next()) {
                cursors.add(new ConsumerCursor(stream, new ConsumerGroup(row.getString(1)), row.getLong(2),
                        Instant.parse(row.getString(3))));
            }
        }
        return cursors;
    }
}
