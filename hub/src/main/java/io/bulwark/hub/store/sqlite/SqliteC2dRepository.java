package io.bulwark.hub.store.sqlite;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bulwark.hub.c2d.C2dMessage;
import io.bulwark.hub.c2d.C2dRepository;
import io.bulwark.hub.c2d.FeedbackMode;
import io.bulwark.hub.c2d.FeedbackRecord;
import io.bulwark.hub.c2d.FeedbackStatus;
import io.bulwark.hub.registry.IdentityId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/** Cloud-to-device queues in SQLite: one table of waiting messages in queue order, one of feedback records. */
final class SqliteC2dRepository implements C2dRepository {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, String>> PROPERTIES = new TypeReference<>() { };
    private static final String COLUMNS = "sequence, message_id, device_id, module_id, enqueued_time, expiry_time, "
            + "delivery_count, feedback, properties, body";
    // The statements of every send, delivery and settlement, kept prepared per connection (SqliteDatabase#prepared).
    private static final String INSERT = "INSERT INTO c2d_messages (message_id, device_id, module_id, "
            + "enqueued_time, expiry_time, delivery_count, feedback, properties, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String OLDEST = "SELECT " + COLUMNS + " FROM c2d_messages "
            + "WHERE device_id = ? AND module_id = ? ORDER BY sequence LIMIT ?";
    private static final String ONE = "SELECT " + COLUMNS + " FROM c2d_messages "
            + "WHERE device_id = ? AND module_id = ? AND message_id = ?";
    private static final String DELETE_ONE = "DELETE FROM c2d_messages WHERE sequence = ?";
    private static final String MARK_DELIVERED = "UPDATE c2d_messages SET delivery_count = delivery_count + 1 "
            + "WHERE device_id = ? AND module_id = ? AND message_id = ?";
    private static final String DEPTH = "SELECT COUNT(*) FROM c2d_messages WHERE device_id = ? AND module_id = ?";
    private static final String INSERT_FEEDBACK = "INSERT INTO c2d_feedback "
            + "(original_message_id, device_id, status, enqueued_time) VALUES (?, ?, ?, ?)";

    private final SqliteDatabase database;

    SqliteC2dRepository(SqliteDatabase database) {
        this.database = database;
    }

    @Override
    public Optional<C2dMessage> enqueue(C2dMessage message, int maxDepth, Consumer<C2dMessage> durable) {
        return database.transaction(connection -> {
            if (depth(connection, message.to()) >= maxDepth) {
                return Optional.empty();
            }
            try {
                PreparedStatement insert = database.prepared(connection, INSERT);
                insert.setString(1, message.messageId());
                insert.setString(2, message.to().deviceId());
                insert.setString(3, DeviceRows.moduleColumn(message.to()));
                insert.setString(4, message.enqueuedTime().toString());
                insert.setString(5, message.expiryTime().toString());
                insert.setInt(6, message.deliveryCount());
                insert.setString(7, message.feedback().wireName());
                insert.setString(8, JSON.writeValueAsString(message.properties()));
                insert.setBytes(9, message.body());
                insert.executeUpdate();
                C2dMessage stored = message.withSequence(lastSequence(connection));
                // In commit order, so the connected device's session receives its messages in queue order.
                database.afterCommit(() -> durable.accept(stored));
                return Optional.of(stored);
            } catch (JsonProcessingException e) {
                throw new StoreException("cannot encode message properties", e);
            } catch (SQLException e) {
                if (String.valueOf(e.getMessage()).contains("UNIQUE")) {
                    throw new io.bulwark.hub.HubException.Conflict("duplicate-message-id",
                            "a message with this id is already queued for " + message.to());
                }
                throw e;
            }
        });
    }

    @Override
    public List<C2dMessage> oldest(IdentityId to, Collection<String> exclude, int limit) {
        return database.read(connection -> {
            PreparedStatement query = database.prepared(connection, OLDEST);
            query.setString(1, to.deviceId());
            query.setString(2, DeviceRows.moduleColumn(to));
            query.setInt(3, limit);
            List<C2dMessage> messages = new ArrayList<>();
            try (ResultSet row = query.executeQuery()) {
                while (row.next()) {
                    C2dMessage message = read(row);
                    if (!exclude.contains(message.messageId())) {
                        messages.add(message);
                    }
                }
            }
            return messages;
        });
    }

    @Override
    public void markDelivered(IdentityId to, String messageId) {
        database.transaction(connection -> {
            PreparedStatement update = database.prepared(connection, MARK_DELIVERED);
            bindMessage(update, to, messageId);
            update.executeUpdate();
            return null;
        });
    }

    @Override
    public void markDelivered(IdentityId to, Collection<String> messageIds) {
        if (messageIds.isEmpty()) {
            return;
        }
        database.transaction(connection -> {
            try (PreparedStatement update = connection.prepareStatement(MARK_DELIVERED)) {
                for (String messageId : messageIds) {
                    bindMessage(update, to, messageId);
                    update.addBatch();
                }
                update.executeBatch();
            }
            return null;
        });
    }

    @Override
    public Optional<C2dMessage> remove(IdentityId to, String messageId) {
        return database.transaction(connection -> {
            Optional<C2dMessage> found;
            PreparedStatement query = database.prepared(connection, ONE);
            bindMessage(query, to, messageId);
            try (ResultSet row = query.executeQuery()) {
                found = row.next() ? Optional.of(read(row)) : Optional.empty();
            }
            if (found.isPresent()) {
                PreparedStatement delete = database.prepared(connection, DELETE_ONE);
                delete.setLong(1, found.get().sequence());
                delete.executeUpdate();
            }
            return found;
        });
    }

    @Override
    public List<C2dMessage> removeAll(IdentityId to) {
        return database.transaction(connection -> {
            List<C2dMessage> removed = new ArrayList<>();
            try (PreparedStatement query = connection.prepareStatement("SELECT " + COLUMNS + " FROM c2d_messages "
                    + "WHERE device_id = ? AND module_id = ? ORDER BY sequence")) {
                query.setString(1, to.deviceId());
                query.setString(2, DeviceRows.moduleColumn(to));
                try (ResultSet row = query.executeQuery()) {
                    while (row.next()) {
                        removed.add(read(row));
                    }
                }
            }
            try (PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM c2d_messages WHERE device_id = ? AND module_id = ?")) {
                delete.setString(1, to.deviceId());
                delete.setString(2, DeviceRows.moduleColumn(to));
                delete.executeUpdate();
            }
            return removed;
        });
    }

    @Override
    public int depth(IdentityId to) {
        return database.read(connection -> depth(connection, to));
    }

    @Override
    public List<C2dMessage> removeExpired(Instant now, int limit) {
        return database.transaction(connection -> {
            List<C2dMessage> expired = new ArrayList<>();
            // ISO-8601 instants in UTC compare correctly as text.
            try (PreparedStatement query = connection.prepareStatement("SELECT " + COLUMNS + " FROM c2d_messages "
                    + "WHERE expiry_time <= ? ORDER BY sequence LIMIT ?")) {
                query.setString(1, now.toString());
                query.setInt(2, limit);
                try (ResultSet row = query.executeQuery()) {
                    while (row.next()) {
                        expired.add(read(row));
                    }
                }
            }
            try (PreparedStatement delete = connection.prepareStatement(DELETE_ONE)) {
                for (C2dMessage message : expired) {
                    delete.setLong(1, message.sequence());
                    delete.addBatch();
                }
                delete.executeBatch();
            }
            return expired;
        });
    }

    @Override
    public void appendFeedback(FeedbackRecord record) {
        database.transaction(connection -> {
            PreparedStatement insert = database.prepared(connection, INSERT_FEEDBACK);
            insert.setString(1, record.originalMessageId());
            insert.setString(2, record.deviceId());
            insert.setString(3, record.status().wireName());
            insert.setString(4, record.enqueuedTime().toString());
            insert.executeUpdate();
            return null;
        });
    }

    @Override
    public List<FeedbackRecord> feedback(long afterSequence, int limit) {
        return database.read(connection -> {
            try (PreparedStatement query = connection.prepareStatement("SELECT sequence, original_message_id, "
                    + "device_id, status, enqueued_time FROM c2d_feedback WHERE sequence > ? ORDER BY sequence LIMIT ?")) {
                query.setLong(1, afterSequence);
                query.setInt(2, limit);
                List<FeedbackRecord> records = new ArrayList<>();
                try (ResultSet row = query.executeQuery()) {
                    while (row.next()) {
                        records.add(new FeedbackRecord(row.getLong(1), row.getString(2), row.getString(3),
                                FeedbackStatus.fromWire(row.getString(4)), Instant.parse(row.getString(5))));
                    }
                }
                return records;
            }
        });
    }

    private long lastSequence(Connection connection) throws SQLException {
        try (ResultSet row = database.prepared(connection, "SELECT last_insert_rowid()").executeQuery()) {
            row.next();
            return row.getLong(1);
        }
    }

    private int depth(Connection connection, IdentityId to) throws SQLException {
        PreparedStatement count = database.prepared(connection, DEPTH);
        count.setString(1, to.deviceId());
        count.setString(2, DeviceRows.moduleColumn(to));
        try (ResultSet row = count.executeQuery()) {
            row.next();
            return row.getInt(1);
        }
    }

    private static void bindMessage(PreparedStatement statement, IdentityId to, String messageId)
            throws SQLException {
        statement.setString(1, to.deviceId());
        statement.setString(2, DeviceRows.moduleColumn(to));
        statement.setString(3, messageId);
    }

    private static C2dMessage read(ResultSet row) throws SQLException {
        String moduleId = row.getString("module_id");
        try {
            return new C2dMessage(row.getLong("sequence"), row.getString("message_id"),
                    new IdentityId(row.getString("device_id"), moduleId.isEmpty() ? null : moduleId),
                    Instant.parse(row.getString("enqueued_time")), Instant.parse(row.getString("expiry_time")),
                    row.getInt("delivery_count"), FeedbackMode.fromWire(row.getString("feedback")),
                    JSON.readValue(row.getString("properties"), PROPERTIES), row.getBytes("body"));
        } catch (JsonProcessingException e) {
            throw new SQLException("corrupt message properties", e);
        }
    }
}
