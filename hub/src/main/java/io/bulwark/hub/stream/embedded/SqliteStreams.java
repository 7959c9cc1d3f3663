package io.bulwark.hub.stream.embedded;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bulwark.hub.secrets.OwnerOnlyFiles;
import io.bulwark.hub.store.sqlite.SqliteDatabase;
import io.bulwark.hub.store.sqlite.StoreException;
import io.bulwark.hub.stream.StoredMessage;
import io.bulwark.hub.stream.StreamMessage;
import io.bulwark.hub.stream.StreamName;
import io.bulwark.hub.stream.Streams;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The embedded streams: one SQLite file of their own ({@code streams.db}), so device traffic never waits on the
 * registry. A single writer thread drains waiting appends into one transaction and one sync (group commit), then
 * completes every append of the batch: many messages, one fsync.
 */
public final class SqliteStreams implements Streams {

    /** Appends waiting for the writer; a full queue pushes back on the devices (their PUBACKs wait). */
    private static final int QUEUE_CAPACITY = 65_536;
    private static final int MAX_BATCH = 2_000;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, String>> PROPERTIES = new TypeReference<>() { };

    private final SqliteDatabase database;
    private final BlockingQueue<PendingAppend> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
    private final Map<StreamName, Long> lastOffsets = new EnumMap<>(StreamName.class);
    private final Thread writer;
    private volatile boolean running = true;

    private record PendingAppend(StreamName stream, StreamMessage message, CompletableFuture<Long> done) {
    }

    private SqliteStreams(SqliteDatabase database) {
        this.database = database;
        for (StreamName stream : StreamName.values()) {
            lastOffsets.put(stream, database.transaction(c -> lastOffset(c, stream)));
        }
        this.writer = new Thread(this::writeLoop, "bulwark-stream-writer");
        this.writer.setDaemon(true);
        this.writer.start();
    }

    public static SqliteStreams open(Path file) {
        OwnerOnlyFiles.ensureFile(file);
        SqliteDatabase database = SqliteDatabase.open(file);
        database.transaction(connection -> {
            try (Statement sql = connection.createStatement()) {
                sql.execute("""
                        CREATE TABLE IF NOT EXISTS messages (
                            stream TEXT NOT NULL,
                            offset INTEGER NOT NULL,
                            device_id TEXT NOT NULL,
                            module_id TEXT,
                            enqueued_time TEXT NOT NULL,
                            source TEXT NOT NULL,
                            properties TEXT NOT NULL,
                            body BLOB NOT NULL,
                            PRIMARY KEY (stream, offset)
                        ) WITHOUT ROWID""");
            }
            return null;
        });
        return new SqliteStreams(database);
    }

    @Override
    public CompletableFuture<Long> append(StreamName stream, StreamMessage message) {
        CompletableFuture<Long> done = new CompletableFuture<>();
        if (!running) {
            done.completeExceptionally(new StoreException("streams are closed"));
        } else if (!queue.offer(new PendingAppend(stream, message, done))) {
            done.completeExceptionally(new StoreException("stream writer is overloaded"));
        }
        return done;
    }

    @Override
    public List<StoredMessage> read(StreamName stream, long fromOffset, int limit) {
        return database.transaction(connection -> {
            try (PreparedStatement query = connection.prepareStatement("SELECT offset, device_id, module_id, "
                    + "enqueued_time, source, properties, body FROM messages WHERE stream = ? AND offset >= ? "
                    + "ORDER BY offset LIMIT ?")) {
                query.setString(1, stream.wireName());
                query.setLong(2, fromOffset);
                query.setInt(3, limit);
                List<StoredMessage> messages = new ArrayList<>();
                try (ResultSet row = query.executeQuery()) {
                    while (row.next()) {
                        messages.add(new StoredMessage(row.getLong(1), new StreamMessage(row.getString(2),
                                row.getString(3), Instant.parse(row.getString(4)), row.getString(5),
                                properties(row.getString(6)), row.getBytes(7))));
                    }
                }
                return messages;
            }
        });
    }

    private void writeLoop() {
        List<PendingAppend> batch = new ArrayList<>(MAX_BATCH);
        while (running || !queue.isEmpty()) {
            try {
                PendingAppend first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                writeBatch(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                batch.clear();
            }
        }
    }

    private void writeBatch(List<PendingAppend> batch) {
        Map<StreamName, Long> offsets = new EnumMap<>(lastOffsets);
        long[] assigned = new long[batch.size()];
        try {
            database.transaction(connection -> {
                try (PreparedStatement insert = connection.prepareStatement("INSERT INTO messages (stream, offset, "
                        + "device_id, module_id, enqueued_time, source, properties, body) VALUES (?,?,?,?,?,?,?,?)")) {
                    for (int i = 0; i < batch.size(); i++) {
                        PendingAppend append = batch.get(i);
                        long offset = offsets.merge(append.stream(), 1L, Long::sum);
                        assigned[i] = offset;
                        StreamMessage message = append.message();
                        insert.setString(1, append.stream().wireName());
                        insert.setLong(2, offset);
                        insert.setString(3, message.deviceId());
                        insert.setString(4, message.moduleId());
                        insert.setString(5, message.enqueuedTime().toString());
                        insert.setString(6, message.sourceProtocol());
                        insert.setString(7, JSON.writeValueAsString(message.properties()));
                        insert.setBytes(8, message.body());
                        insert.addBatch();
                    }
                    insert.executeBatch();
                } catch (JsonProcessingException e) {
                    throw new StoreException("cannot encode message properties", e);
                }
                return null;
            });
        } catch (RuntimeException failed) {
            batch.forEach(append -> append.done().completeExceptionally(failed));
            return;
        }
        lastOffsets.putAll(offsets);
        for (int i = 0; i < batch.size(); i++) {
            batch.get(i).done().complete(assigned[i]);
        }
    }

    private static long lastOffset(Connection connection, StreamName stream) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT COALESCE(MAX(offset), 0) FROM messages WHERE stream = ?")) {
            query.setString(1, stream.wireName());
            try (ResultSet row = query.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }

    private static Map<String, String> properties(String json) {
        try {
            return JSON.readValue(json, PROPERTIES);
        } catch (JsonProcessingException e) {
            throw new StoreException("corrupt message properties", e);
        }
    }

    /** Stops taking appends, writes what is queued, then closes the file. */
    @Override
    public void close() {
        running = false;
        try {
            writer.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        database.close();
    }
}
