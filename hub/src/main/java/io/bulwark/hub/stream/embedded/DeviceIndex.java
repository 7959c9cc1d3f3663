package io.bulwark.hub.stream.embedded;

import io.bulwark.hub.secrets.OwnerOnlyFiles;
import io.bulwark.hub.store.sqlite.SqliteDatabase;
import io.bulwark.hub.stream.StreamName;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which offsets each device wrote, so that one device's messages are read without walking the others'. Kept apart
 * from the messages, in a file of its own ({@code streams-by-device.db}) written by a thread of its own, about once a
 * second, for everything the streams committed since.
 *
 * <p>Why not an index on the messages table: entries ordered by device land on a different page for every device,
 * and SQLite writes each page a commit touches to the write-ahead log again, so with a thousand devices each 100-byte
 * message cost a 4 KiB page write in every group commit, and the checkpoint wrote it once more: about 15 KB written
 * and 35 µs of the one writer thread per message, against 0.8 KB and 7 µs without it (docs/performance-notes.md).
 * Here a second's worth of entries shares those pages, and the stream writer never waits for them.
 *
 * <p>The index is derived: it is rebuilt from the messages when it is behind, lost or from another streams file, and
 * a reader never trusts it past {@link Lookup#indexedUpTo()}; offsets after that are found by scanning the newest
 * messages. So it needs no sync of its own before anything is acknowledged.
 */
final class DeviceIndex implements AutoCloseable {

    /** How often the index catches up with the streams. Readers scan at most about this much of the newest messages. */
    static final long INTERVAL_MILLIS = 1_000;
    /** Offsets indexed in one transaction at most, so that rebuilding a large stream never holds one long. */
    static final int CHUNK = 50_000;

    /** The index writer's page cache: about 32,000 pages, a round's worth for many thousands of devices. */
    static final int CACHE_KIB = 32 * 1024;

    /**
     * Pages of a new index file. A round rewrites each device's newest page, whole, although it adds a few entries of
     * about 40 bytes to it (at 18 messages a second per device, about 700 bytes): with SQLite's 4 KiB pages the index
     * wrote 20 MB a second beside 18,000 QoS 1 messages a second, with 1 KiB pages about 40 % less, at the same CPU
     * (docs/performance-notes.md). A file made with other pages keeps them.
     */
    static final int PAGE_SIZE = 1024;

    private static final Logger LOG = LoggerFactory.getLogger(DeviceIndex.class);

    /** The index file with the streams file attached as {@code source}, read only, for INSERT ... SELECT. */
    private final SqliteDatabase writes;
    private final SqliteDatabase reads;
    private final ScheduledExecutorService indexer;

    /** One device's offsets from an index lookup, and how far the index went when it was read. */
    record Lookup(long indexedUpTo, List<Long> offsets) {
        Lookup {
            offsets = List.copyOf(offsets);
        }
    }

    private DeviceIndex(SqliteDatabase writes, SqliteDatabase reads) {
        this.writes = writes;
        this.reads = reads;
        this.indexer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "bulwark-stream-index");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** The index of {@code streamsFile}, next to it; call {@link #start()} to keep it up to date. */
    static DeviceIndex open(Path streamsFile) {
        Path file = fileFor(streamsFile);
        OwnerOnlyFiles.ensureFile(file);
        // NORMAL: a commit lost with power is indexed again from the messages, which are synced before every ack.
        // A round dirties a page per device; a cache that holds them all writes each once per round, where SQLite's
        // default (2 MiB) spilled and rewrote them: 1.6 KB written per entry instead of about 200 bytes. The statement
        // journal of INSERT ... SELECT stays in memory too (it went to a temporary file).
        String attach = "ATTACH DATABASE '" + streamsFile.toAbsolutePath().toString().replace("'", "''")
                + "' AS source";
        SqliteDatabase writes = SqliteDatabase.openWithPageSize(file, PAGE_SIZE, List.of("PRAGMA synchronous=NORMAL",
                "PRAGMA cache_size=-" + CACHE_KIB, "PRAGMA temp_store=MEMORY", attach));
        writes.transaction(connection -> {
            try (Statement sql = connection.createStatement()) {
                sql.execute("""
                        CREATE TABLE IF NOT EXISTS main.device_offsets (
                            stream TEXT NOT NULL,
                            device_id TEXT NOT NULL,
                            offset INTEGER NOT NULL,
                            PRIMARY KEY (stream, device_id, offset)
                        ) WITHOUT ROWID""");
                // Retention deletes the oldest offsets of every device at once.
                sql.execute("CREATE INDEX IF NOT EXISTS main.device_offsets_by_offset ON device_offsets (stream, "
                        + "offset)");
                sql.execute("""
                        CREATE TABLE IF NOT EXISTS main.index_heads (
                            stream TEXT PRIMARY KEY,
                            indexed_up_to INTEGER NOT NULL
                        )""");
            }
            return null;
        });
        return new DeviceIndex(writes, SqliteDatabase.open(file));
    }

    /** {@code streams.db} is indexed in {@code streams-by-device.db}. */
    static Path fileFor(Path streamsFile) {
        String name = streamsFile.getFileName().toString();
        String base = name.endsWith(".db") ? name.substring(0, name.length() - 3) : name;
        return streamsFile.resolveSibling(base + "-by-device.db");
    }

    void start() {
        indexer.scheduleWithFixedDelay(this::catchUpQuietly, 0, INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
    }

    /**
     * Up to {@code limit} offsets of {@code deviceId} from {@code fromOffset} on, in order, with how far the index
     * went: every offset of the device up to {@link Lookup#indexedUpTo()} is in the index.
     */
    Lookup offsets(StreamName stream, String deviceId, long fromOffset, int limit) {
        return reads.transaction(connection -> {
            long indexedUpTo = indexedUpTo(connection, stream);
            List<Long> offsets = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement(lookup())) {
                select.setString(1, stream.wireName());
                select.setString(2, deviceId);
                select.setLong(3, fromOffset);
                select.setLong(4, indexedUpTo);
                select.setInt(5, limit);
                try (ResultSet row = select.executeQuery()) {
                    while (row.next()) {
                        offsets.add(row.getLong(1));
                    }
                }
            }
            return new Lookup(indexedUpTo, offsets);
        });
    }

    static String lookup() {
        return "SELECT offset FROM device_offsets WHERE stream = ? AND device_id = ? AND offset >= ? AND offset <= ? "
                + "ORDER BY offset LIMIT ?";
    }

    /** Indexes everything the streams committed since the last call; on the indexer thread, or in tests. */
    void catchUp() {
        for (StreamName stream : StreamName.values()) {
            // Up to the newest offset now, not chasing the writer: entries of a whole round share their pages.
            long target = writes.transaction(connection -> newestOffset(connection, stream));
            while (catchUpChunk(stream, target)) {
                // One chunk per transaction until the target.
            }
        }
    }

    private void catchUpQuietly() {
        try {
            catchUp();
        } catch (RuntimeException e) {
            // Readers fall back to scanning what the index lacks; the next round tries again.
            LOG.warn("the device index of the streams could not catch up: {}", e.toString());
        }
    }

    /** Indexes up to one chunk of {@code stream}, at most up to {@code target}; true when more is left. */
    private boolean catchUpChunk(StreamName stream, long target) {
        return writes.transaction(connection -> {
            long done = indexedUpTo(connection, stream);
            long newest = newestOffset(connection, stream);
            long last = Math.min(newest, target);
            if (newest < done) {
                // Another streams file than the one indexed (offsets start again): index it from the start.
                try (PreparedStatement reset = connection.prepareStatement(
                        "DELETE FROM main.device_offsets WHERE stream = ?")) {
                    reset.setString(1, stream.wireName());
                    reset.executeUpdate();
                }
                done = 0;
                saveHead(connection, stream, 0);
            }
            long to = Math.min(last, done + CHUNK);
            if (to > done) {
                try (PreparedStatement insert = connection.prepareStatement("INSERT OR IGNORE INTO main.device_offsets "
                        + "(stream, device_id, offset) SELECT stream, device_id, offset FROM source.messages "
                        + "WHERE stream = ? AND offset > ? AND offset <= ?")) {
                    insert.setString(1, stream.wireName());
                    insert.setLong(2, done);
                    insert.setLong(3, to);
                    insert.executeUpdate();
                }
                saveHead(connection, stream, to);
            }
            // What retention deleted from the messages leaves the index too.
            try (PreparedStatement forget = connection.prepareStatement("DELETE FROM main.device_offsets "
                    + "WHERE stream = ?1 AND offset < coalesce((SELECT min(offset) FROM source.messages "
                    + "WHERE stream = ?1), ?2 + 1)")) {
                forget.setString(1, stream.wireName());
                forget.setLong(2, to);
                forget.executeUpdate();
            }
            return to < last;
        });
    }

    private static long newestOffset(Connection connection, StreamName stream) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT max(offset) FROM source.messages WHERE stream = ?")) {
            query.setString(1, stream.wireName());
            try (ResultSet row = query.executeQuery()) {
                return row.next() ? row.getLong(1) : 0;
            }
        }
    }

    private static long indexedUpTo(Connection connection, StreamName stream) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT indexed_up_to FROM main.index_heads WHERE stream = ?")) {
            query.setString(1, stream.wireName());
            try (ResultSet row = query.executeQuery()) {
                return row.next() ? row.getLong(1) : 0;
            }
        }
    }

    private static void saveHead(Connection connection, StreamName stream, long indexedUpTo) throws SQLException {
        try (PreparedStatement upsert = connection.prepareStatement("INSERT INTO main.index_heads (stream, "
                + "indexed_up_to) VALUES (?, ?) ON CONFLICT (stream) DO UPDATE SET indexed_up_to = "
                + "excluded.indexed_up_to")) {
            upsert.setString(1, stream.wireName());
            upsert.setLong(2, indexedUpTo);
            upsert.executeUpdate();
        }
    }

    @Override
    public void close() {
        indexer.shutdownNow();
        try {
            indexer.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        reads.close();
        writes.close();
    }
}
