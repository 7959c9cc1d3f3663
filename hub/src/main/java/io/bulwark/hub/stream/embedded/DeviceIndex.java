package io.bulwark.hub.stream.embedded;

import io.bulwark.hub.secrets.OwnerOnlyFiles;
import io.bulwark.hub.store.sqlite.SqliteDatabase;
import io.bulwark.hub.stream.StreamName;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
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
 * <p>Why one row per device and round (a run: the device's offsets of that round, as text) and not one per message:
 * with a row per message, the index thread inserted every offset into two b-trees and cost about as much CPU as the
 * stream writer itself (22 % of the hub's samples at 45,000 QoS 1 messages a second, docs/performance-notes.md). A
 * round of a thousand devices now inserts a thousand rows, however many messages they sent.
 *
 * <p>The index is derived: it is rebuilt from the messages when it is behind, lost, from another streams file or in
 * an older layout, and a reader never trusts it past {@link Lookup#indexedUpTo()}; offsets after that are found by
 * scanning the newest messages. So it needs no sync of its own before anything is acknowledged.
 */
final class DeviceIndex implements AutoCloseable {

    /** How often the index catches up with the streams. Readers scan at most about this much of the newest messages. */
    static final long INTERVAL_MILLIS = 1_000;
    /** Offsets indexed in one transaction at most, so that rebuilding a large stream never holds one long. */
    static final int CHUNK = 50_000;

    /** The index writer's page cache: about 32,000 pages, a round's worth for many thousands of devices. */
    static final int CACHE_KIB = 32 * 1024;

    /**
     * Pages of a new index file. A round adds a small entry to each device's newest page of the by-device index,
     * and SQLite writes that page whole; 1 KiB pages keep that write small. A file made with other pages keeps them.
     */
    static final int PAGE_SIZE = 1024;

    private static final Logger LOG = LoggerFactory.getLogger(DeviceIndex.class);

    private static final String LOOKUP = "SELECT offsets FROM device_runs WHERE stream = ?1 AND device_id = ?2 "
            + "AND first_offset >= coalesce((SELECT max(first_offset) FROM device_runs WHERE stream = ?1 "
            + "AND device_id = ?2 AND first_offset <= ?3), ?3) AND first_offset <= ?4 ORDER BY first_offset";

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
        SqliteDatabase writes = openWrites(file, streamsFile);
        if (hasTable(writes, "device_offsets")) {
            // An index with a row per message, from before runs: derived, so the file goes and is built again.
            writes.close();
            deleteIndexFile(file);
            writes = openWrites(file, streamsFile);
        }
        writes.transaction(connection -> {
            try (Statement sql = connection.createStatement()) {
                sql.execute("""
                        CREATE TABLE IF NOT EXISTS main.device_runs (
                            stream TEXT NOT NULL,
                            device_id TEXT NOT NULL,
                            first_offset INTEGER NOT NULL,
                            last_offset INTEGER NOT NULL,
                            offsets TEXT NOT NULL
                        )""");
                sql.execute("CREATE UNIQUE INDEX IF NOT EXISTS main.device_runs_by_device ON device_runs (stream, "
                        + "device_id, first_offset)");
                // Retention deletes the runs that ended before the oldest message of every device at once.
                sql.execute("CREATE INDEX IF NOT EXISTS main.device_runs_by_last ON device_runs (stream, "
                        + "last_offset)");
                // kept_from: the oldest offset retention left; a run that began before it may still name older ones.
                sql.execute("""
                        CREATE TABLE IF NOT EXISTS main.index_heads (
                            stream TEXT PRIMARY KEY,
                            indexed_up_to INTEGER NOT NULL,
                            kept_from INTEGER NOT NULL
                        )""");
            }
            return null;
        });
        return new DeviceIndex(writes, SqliteDatabase.open(file));
    }

    private static SqliteDatabase openWrites(Path file, Path streamsFile) {
        OwnerOnlyFiles.ensureFile(file);
        // NORMAL: a commit lost with power is indexed again from the messages, which are synced before every ack.
        // A round dirties a page per device; a cache that holds them all writes each once per round, where SQLite's
        // default (2 MiB) spilled and rewrote them. The statement journal of INSERT ... SELECT and the sort of its
        // GROUP BY stay in memory too.
        String attach = "ATTACH DATABASE '" + streamsFile.toAbsolutePath().toString().replace("'", "''")
                + "' AS source";
        return SqliteDatabase.openWithPageSize(file, PAGE_SIZE, List.of("PRAGMA synchronous=NORMAL",
                "PRAGMA cache_size=-" + CACHE_KIB, "PRAGMA temp_store=MEMORY", attach));
    }

    private static boolean hasTable(SqliteDatabase database, String table) {
        return database.transaction(connection -> {
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT 1 FROM main.sqlite_master WHERE type = 'table' AND name = ?")) {
                query.setString(1, table);
                try (ResultSet row = query.executeQuery()) {
                    return row.next();
                }
            }
        });
    }

    private static void deleteIndexFile(Path file) {
        try {
            for (String suffix : new String[] {"", "-wal", "-shm"}) {
                Files.deleteIfExists(file.resolveSibling(file.getFileName() + suffix));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not replace the device index " + file, e);
        }
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
            Head head = head(connection, stream);
            long from = Math.max(fromOffset, head.keptFrom());
            List<Long> offsets = new ArrayList<>();
            PreparedStatement select = reads.prepared(connection, lookup());
            select.setString(1, stream.wireName());
            select.setString(2, deviceId);
            select.setLong(3, from);
            select.setLong(4, head.indexedUpTo());
            try (ResultSet row = select.executeQuery()) {
                while (offsets.size() < limit && row.next()) {
                    OffsetRuns.addOffsets(row.getString(1), from, head.indexedUpTo(), limit, offsets);
                }
            }
            return new Lookup(head.indexedUpTo(), offsets);
        });
    }

    /** The runs of one device that may hold offsets from a given one on: the run that holds it, and the later ones. */
    static String lookup() {
        return LOOKUP;
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
            Head head = head(connection, stream);
            long done = head.indexedUpTo();
            long newest = newestOffset(connection, stream);
            long last = Math.min(newest, target);
            if (newest < done) {
                // Another streams file than the one indexed (offsets start again): index it from the start.
                try (PreparedStatement reset = connection.prepareStatement(
                        "DELETE FROM main.device_runs WHERE stream = ?")) {
                    reset.setString(1, stream.wireName());
                    reset.executeUpdate();
                }
                done = 0;
            }
            long to = Math.min(last, done + CHUNK);
            if (to > done) {
                PreparedStatement insert = writes.prepared(connection, "INSERT INTO main.device_runs (stream, "
                        + "device_id, first_offset, last_offset, offsets) SELECT ?1, device_id, min(offset), "
                        + "max(offset), group_concat(offset, ',' ORDER BY offset) FROM source.messages "
                        + "WHERE stream = ?1 AND offset > ?2 AND offset <= ?3 GROUP BY device_id");
                insert.setString(1, stream.wireName());
                insert.setLong(2, done);
                insert.setLong(3, to);
                insert.executeUpdate();
            }
            // What retention deleted from the messages leaves the index too: whole runs, and older offsets of a run
            // that began before the oldest message are skipped by readers (kept_from).
            long keptFrom = oldestOffset(connection, stream, to + 1);
            PreparedStatement forget = writes.prepared(connection,
                    "DELETE FROM main.device_runs WHERE stream = ? AND last_offset < ?");
            forget.setString(1, stream.wireName());
            forget.setLong(2, keptFrom);
            forget.executeUpdate();
            Head next = new Head(Math.max(to, done), keptFrom);
            if (!next.equals(head)) {
                saveHead(connection, stream, next);
            }
            return to < last;
        });
    }

    /** How far the index of a stream went, and the oldest offset retention left in it. */
    private record Head(long indexedUpTo, long keptFrom) {
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

    /** The oldest offset of {@code stream}, or {@code ifEmpty} when it has no messages. */
    private static long oldestOffset(Connection connection, StreamName stream, long ifEmpty) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT coalesce(min(offset), ?) FROM source.messages WHERE stream = ?")) {
            query.setLong(1, ifEmpty);
            query.setString(2, stream.wireName());
            try (ResultSet row = query.executeQuery()) {
                return row.next() ? row.getLong(1) : ifEmpty;
            }
        }
    }

    private static Head head(Connection connection, StreamName stream) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT indexed_up_to, kept_from FROM main.index_heads WHERE stream = ?")) {
            query.setString(1, stream.wireName());
            try (ResultSet row = query.executeQuery()) {
                return row.next() ? new Head(row.getLong(1), row.getLong(2)) : new Head(0, 0);
            }
        }
    }

    private static void saveHead(Connection connection, StreamName stream, Head head) throws SQLException {
        try (PreparedStatement upsert = connection.prepareStatement("INSERT INTO main.index_heads (stream, "
                + "indexed_up_to, kept_from) VALUES (?, ?, ?) ON CONFLICT (stream) DO UPDATE SET indexed_up_to = "
                + "excluded.indexed_up_to, kept_from = excluded.kept_from")) {
            upsert.setString(1, stream.wireName());
            upsert.setLong(2, head.indexedUpTo());
            upsert.setLong(3, head.keptFrom());
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
