package io.bulwark.hub.stream.embedded;

import io.bulwark.hub.secrets.OwnerOnlyFiles;
import io.bulwark.hub.store.sqlite.SqliteDatabase;
import io.bulwark.hub.stream.ConsumerCursors;
import io.bulwark.hub.stream.MessageMetadata;
import io.bulwark.hub.stream.MetadataPage;
import io.bulwark.hub.stream.RetentionResult;
import io.bulwark.hub.stream.RetentionSweep;
import io.bulwark.hub.stream.StreamOverloadedException;
import io.bulwark.hub.stream.StreamsClosedException;
import io.bulwark.hub.stream.StreamLimits;
import io.bulwark.hub.stream.StoredMessage;
import io.bulwark.hub.stream.StreamMessage;
import io.bulwark.hub.stream.StreamName;
import io.bulwark.hub.stream.StreamPage;
import io.bulwark.hub.stream.StreamQuery;
import io.bulwark.hub.stream.StreamRetention;
import io.bulwark.hub.stream.StreamWaiters;
import io.bulwark.hub.stream.Streams;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded streams: one SQLite file of their own ({@code streams.db}), so device traffic never waits on the
 * registry. A single writer thread drains waiting appends into one transaction (group commit); {@link WalSync} syncs
 * the log on a thread of its own and then completes every append of the batch and wakes the readers waiting for new
 * offsets: many messages, one fsync, and the writer inserts the next batch while the disk syncs.
 *
 * <p>Each stream is one total order of offsets (a device's messages among all the others'); the {@link DeviceIndex},
 * kept off the writer's path, makes reading one device's messages cheap. Each message also has a byte
 * position (the bytes of the stream before it), so the byte budget of retention is checked without summing.
 */
public final class SqliteStreams implements Streams {

    /** Appends waiting for the writer; a full queue pushes back on the devices (their PUBACKs wait). */
    private static final int QUEUE_CAPACITY = 65_536;
    /** And at most this many bytes of them: 1,024 messages of 16 KiB, half a full batch (see {@link QueuedBytes}). */
    static final long QUEUE_BYTES = 16L * 1024 * 1024;
    private static final int MAX_BATCH = 2_000;
    private static final Logger LOG = LoggerFactory.getLogger(SqliteStreams.class);
    private static final ThreadMXBean WRITER_CPU = ManagementFactory.getThreadMXBean();
    private static final String INSERT = "INSERT INTO messages (stream, offset, device_id, module_id, enqueued_time, "
            + "source, size, position, properties, body) VALUES (?,?,?,?,?,?,?,?,?,?)";

    private final SqliteDatabase database;
    /**
     * A second connection for reads: in WAL mode they see committed batches without waiting for the writer's lock,
     * so many readers (long-polls, event streams woken per batch) never slow down ingest.
     */
    private final SqliteDatabase reads;
    private final BlockingQueue<PendingAppend> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
    private final QueuedBytes queuedBytes = new QueuedBytes(QUEUE_BYTES);
    /** Callers refused for a full queue, in the order they asked to be woken (see {@link #whenAccepting}). */
    private final Queue<Runnable> refused = new ConcurrentLinkedQueue<>();
    /** Owned by the writer thread. */
    private final Map<StreamName, Long> lastOffsets = new EnumMap<>(StreamName.class);
    private final Map<StreamName, Long> nextPositions = new EnumMap<>(StreamName.class);
    private final ExecutorService wakeups;
    private final StreamWaiters waiters;
    private final SqliteRetention retention;
    private final SqliteConsumerCursors cursors;
    private final DeviceIndex index;
    private final StreamPages pages;
    private final Thread writer;
    private final WalSync walSync;
    private final ScheduledExecutorService sweeper;
    private volatile boolean running = true;

    /**
     * A message as the writer binds it. Encoded by whoever appends (a connection's event loop), not by the writer:
     * the one writer thread is what every append waits for, so it only binds and steps. {@code queuedAt} is
     * {@link System#nanoTime()} when it was queued, for {@link StreamBatchEvent}.
     */
    private record PendingAppend(StreamName stream, String deviceId, String moduleId, String enqueuedTime,
                                 String sourceProtocol, String properties, byte[] body, long size,
                                 CompletableFuture<Long> done, long queuedAt) {

        static PendingAppend of(StreamName stream, StreamMessage message, CompletableFuture<Long> done) {
            String properties = StoredProperties.encode(message.properties());
            byte[] body = message.body();
            return new PendingAppend(stream, message.deviceId(), message.moduleId(),
                    StoredInstants.format(message.enqueuedTime()), message.sourceProtocol(), properties, body,
                    sizeOf(message, properties, body), done, System.nanoTime());
        }
    }

    private SqliteStreams(SqliteDatabase database, SqliteDatabase reads, DeviceIndex index, WalSync walSync,
                          StreamLimits limits) {
        this.database = database;
        this.walSync = walSync;
        this.reads = reads;
        this.index = index;
        this.pages = new StreamPages(index, reads);
        for (StreamName stream : StreamName.values()) {
            StreamHead head = database.transaction(c -> StreamHead.of(database, c, stream));
            lastOffsets.put(stream, head.lastOffset());
            nextPositions.put(stream, head.nextPosition());
        }
        this.wakeups = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "bulwark-stream-wakeups");
            thread.setDaemon(true);
            return thread;
        });
        this.waiters = new StreamWaiters(lastOffsets, wakeups);
        this.retention = new SqliteRetention(database);
        this.cursors = new SqliteConsumerCursors(database, walSync::syncNow);
        this.writer = new Thread(this::writeLoop, "bulwark-stream-writer");
        this.writer.setDaemon(true);
        this.writer.start();
        // Retention runs on a thread of its own, never on the writer's: ingest waits only for its short deletes.
        this.sweeper = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "bulwark-stream-retention");
            thread.setDaemon(true);
            return thread;
        });
        long interval = limits.retentionSweep().toMillis();
        sweeper.scheduleWithFixedDelay(new RetentionSweep(this, limits, Clock.systemUTC()), interval, interval,
                TimeUnit.MILLISECONDS);
    }

    /** Streams with the default retention. */
    public static SqliteStreams open(Path file) {
        return open(file, StreamLimits.DEFAULTS);
    }

    /** Streams whose retention sweep keeps each stream within {@code limits}. */
    public static SqliteStreams open(Path file, StreamLimits limits) {
        OwnerOnlyFiles.ensureFile(file);
        // NORMAL: the commits do not sync; WalSync does, before any append of theirs completes.
        SqliteDatabase database = SqliteDatabase.open(file, List.of("PRAGMA synchronous=NORMAL"));
        database.transaction(connection -> {
            StreamTables.ensure(connection);
            return null;
        });
        WalSync walSync = WalSync.of(file.resolveSibling(file.getFileName() + "-wal"));
        SqliteStreams streams = new SqliteStreams(database, SqliteDatabase.open(file), DeviceIndex.open(file),
                walSync, limits);
        streams.index.start();
        return streams;
    }

    @Override
    public CompletableFuture<Long> append(StreamName stream, StreamMessage message) {
        CompletableFuture<Long> done = new CompletableFuture<>();
        if (!running) {
            done.completeExceptionally(new StreamsClosedException());
        } else {
            PendingAppend append = PendingAppend.of(stream, message, done);
            if (!queuedBytes.take(append.size())) {
                done.completeExceptionally(new StreamOverloadedException());
            } else if (!queue.offer(append)) {
                queuedBytes.release(append.size());
                done.completeExceptionally(new StreamOverloadedException());
            }
        }
        return done;
    }

    /**
     * Woken by the writer each time it takes a batch off the queue. Asked after a refusal, so the queue was full a
     * moment ago; if the writer emptied it in between, there is no next batch to wake the caller, hence the check.
     */
    @Override
    public void whenAccepting(Runnable wake) {
        refused.add(wake);
        if (queue.isEmpty()) {
            wakeRefused();
        }
    }

    private void wakeRefused() {
        for (Runnable wake; (wake = refused.poll()) != null; ) {
            try {
                wake.run();
            } catch (RuntimeException stopped) {
                // A connection whose event loop has already stopped (the hub is stopping): it must not stop the writer.
                LOG.debug("a refused caller could not be woken: {}", stopped.getClass().getSimpleName());
            }
        }
    }

    @Override
    public List<StoredMessage> read(StreamName stream, long fromOffset, int limit) {
        return read(StreamQuery.from(stream, fromOffset, limit)).messages();
    }

    @Override
    public StreamPage read(StreamQuery query) {
        return reads.transaction(connection -> {
            // One transaction: the range and the page agree, so a short page means every offset up to the last seen.
            StreamHead head = StreamHead.of(reads, connection, query.stream());
            long first = StreamHead.firstOffset(reads, connection, query.stream(), head);
            List<StoredMessage> messages = pages.read(connection, query, head, first, StreamPages.MESSAGE_COLUMNS,
                    row -> new StoredMessage(row.getLong(1), new StreamMessage(row.getString(2), row.getString(3),
                            StoredInstants.parse(row.getString(4)), row.getString(5), properties(row.getString(6)),
                            row.getBytes(7))));
            return new StreamPage(messages, first, head.lastOffset());
        });
    }

    /**
     * Reads {@code length(body)} instead of the body: SQLite takes a blob's length from the record header without
     * loading it, and the hub skips the body copy and the JSON of the properties, which were most of what the
     * traffic baseline's follower cost ingest (docs/performance.md).
     */
    @Override
    public MetadataPage readMetadata(StreamQuery query) {
        return reads.transaction(connection -> {
            StreamHead head = StreamHead.of(reads, connection, query.stream());
            long first = StreamHead.firstOffset(reads, connection, query.stream(), head);
            List<MessageMetadata> messages = pages.read(connection, query, head, first, StreamPages.METADATA_COLUMNS,
                    row -> new MessageMetadata(row.getLong(1), row.getString(2),
                            StoredInstants.parse(row.getString(3)), row.getInt(4)));
            return new MetadataPage(messages, first, head.lastOffset());
        });
    }

    /** Brings the device index up to date now instead of within a second: for tests. */
    void indexNow() {
        index.catchUp();
    }

    DeviceIndex deviceIndex() {
        return index;
    }

    @Override
    public CompletableFuture<Void> awaitOffset(StreamName stream, long offset) {
        return waiters.await(stream, offset);
    }

    @Override
    public RetentionResult applyRetention(StreamName stream, StreamRetention limits, Instant now) {
        return retention.apply(stream, limits, now);
    }

    @Override
    public ConsumerCursors cursors() {
        return cursors;
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
                // Given back before the batch is written, so the queue fills again while the writer syncs.
                for (PendingAppend append : batch) {
                    queuedBytes.release(append.size());
                }
                wakeRefused();
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
        StreamName[] streams = StreamName.values();
        long[] offsets = new long[streams.length];
        long[] positions = new long[streams.length];
        for (StreamName stream : streams) {
            offsets[stream.ordinal()] = lastOffsets.get(stream);
            positions[stream.ordinal()] = nextPositions.get(stream);
        }
        long[] assigned = new long[batch.size()];
        StreamBatchEvent event = new StreamBatchEvent();
        event.begin();
        long started = System.nanoTime();
        long cpuBefore = event.isEnabled() ? WRITER_CPU.getCurrentThreadCpuTime() : 0;
        long[] rowsDone = new long[1];
        try {
            database.transaction(connection -> {
                // Kept: every acknowledgement waits for this one thread, which compiled it for every batch.
                PreparedStatement insert = database.prepared(connection, INSERT);
                for (int i = 0; i < batch.size(); i++) {
                    PendingAppend append = batch.get(i);
                    int stream = append.stream().ordinal();
                    long offset = ++offsets[stream];
                    assigned[i] = offset;
                    long position = positions[stream];
                    positions[stream] += append.size();
                    insert.setString(1, append.stream().wireName());
                    insert.setLong(2, offset);
                    insert.setString(3, append.deviceId());
                    insert.setString(4, append.moduleId());
                    insert.setString(5, append.enqueuedTime());
                    insert.setString(6, append.sourceProtocol());
                    insert.setLong(7, append.size());
                    insert.setLong(8, position);
                    insert.setString(9, append.properties());
                    insert.setBytes(10, append.body());
                    insert.addBatch();
                }
                insert.executeBatch();
                rowsDone[0] = System.nanoTime();
                return null;
            });
        } catch (RuntimeException failed) {
            batch.forEach(append -> append.done().completeExceptionally(failed));
            return;
        }
        long committed = System.nanoTime();
        Map<StreamName, Long> written = new EnumMap<>(StreamName.class);
        for (StreamName stream : streams) {
            if (offsets[stream.ordinal()] != lastOffsets.get(stream)) {
                written.put(stream, offsets[stream.ordinal()]);
            }
            lastOffsets.put(stream, offsets[stream.ordinal()]);
            nextPositions.put(stream, positions[stream.ordinal()]);
        }
        walSync.afterCommit(new SyncedBatch(batch.stream().map(PendingAppend::done).toList(), assigned, written,
                waiters));
        if (event.shouldCommit()) {
            event.messages = batch.size();
            event.oldestWait = started - batch.get(0).queuedAt();
            event.rows = rowsDone[0] - started;
            event.commit = committed - rowsDone[0];
            event.completions = System.nanoTime() - committed;
            event.cpu = WRITER_CPU.getCurrentThreadCpuTime() - cpuBefore;
            for (PendingAppend append : batch) {
                event.bodyBytes += append.body().length;
            }
            event.commit();
        }
    }

    /** What a message costs against the byte budget: its body, properties and ids, plus the row's fixed part. */
    private static long sizeOf(StreamMessage message, String properties, byte[] body) {
        return 64L + body.length + properties.length() + message.deviceId().length()
                + (message.moduleId() == null ? 0 : message.moduleId().length());
    }

    private static Map<String, String> properties(String json) {
        return StoredProperties.decode(json);
    }

    /** Stops taking appends, writes what is queued, then closes the file. */
    @Override
    public void close() {
        sweeper.shutdownNow();
        running = false;
        try {
            writer.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        walSync.close();
        wakeups.shutdownNow();
        index.close();
        reads.close();
        database.close();
    }
}
