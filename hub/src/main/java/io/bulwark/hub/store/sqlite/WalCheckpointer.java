package io.bulwark.hub.store.sqlite;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies a WAL-mode database's write-ahead log back into its file on a thread and connection of its own. Left to
 * SQLite, the checkpoint runs inside whichever commit crosses the log's size threshold: that commit then also copies
 * megabytes and syncs the database file, and every acknowledgement waiting on it (a PUBACK, a C2D send's answer)
 * waits too, about every second under load. A passive checkpoint from another connection does the same work while
 * the writer goes on appending; the writer keeps a much higher threshold of its own ({@link #WRITER_SETUP}) only as a
 * bound should this thread fall behind.
 */
public final class WalCheckpointer implements AutoCloseable {

    /** The writer's own threshold, in pages: it checkpoints itself only once the log reaches about 64 MiB. */
    public static final String WRITER_SETUP = "PRAGMA wal_autocheckpoint=16384";
    public static final Duration DEFAULT_INTERVAL = Duration.ofMillis(200);

    private static final Logger LOG = LoggerFactory.getLogger(WalCheckpointer.class);

    /** What one checkpoint found: frames in the log, and how many of them are now in the database file. */
    public record Checkpoint(boolean busy, long logFrames, long checkpointedFrames) {
    }

    private final Connection connection;
    private final ScheduledExecutorService thread;

    private WalCheckpointer(Connection connection, String name) {
        this.connection = connection;
        this.thread = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread checkpointing = new Thread(runnable, name);
            checkpointing.setDaemon(true);
            return checkpointing;
        });
    }

    /** A checkpointer of {@code file} that runs only when {@link #checkpoint} is called. */
    public static WalCheckpointer open(Path file, String threadName) {
        try {
            // Autocommit: a checkpoint cannot run inside a transaction of its own connection.
            Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
            try (Statement pragma = connection.createStatement()) {
                pragma.execute("PRAGMA busy_timeout=10000");
            }
            return new WalCheckpointer(connection, threadName);
        } catch (SQLException e) {
            throw new StoreException("cannot open database " + file + " to checkpoint it", e);
        }
    }

    /** A checkpointer of {@code file} that runs every {@code interval}. */
    public static WalCheckpointer start(Path file, String threadName, Duration interval) {
        WalCheckpointer checkpointer = open(file, threadName);
        checkpointer.thread.scheduleWithFixedDelay(checkpointer::checkpointQuietly, interval.toMillis(),
                interval.toMillis(), TimeUnit.MILLISECONDS);
        return checkpointer;
    }

    /**
     * Copies what the log holds into the database file, as far as no reader still needs it (passive: it never waits
     * for the writer or for readers, and never blocks them). Once a checkpoint has copied every frame, the writer's
     * next transaction starts the log again from its beginning, so the file stays small.
     */
    public synchronized Checkpoint checkpoint() {
        try (Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("PRAGMA wal_checkpoint(PASSIVE)")) {
            result.next();
            return new Checkpoint(result.getInt(1) != 0, result.getLong(2), result.getLong(3));
        } catch (SQLException e) {
            throw new StoreException("checkpoint failed", e);
        }
    }

    private void checkpointQuietly() {
        try {
            checkpoint();
        } catch (StoreException e) {
            // The writer's own threshold still bounds the log; the next round tries again.
            LOG.warn("write-ahead log checkpoint failed: {}", e.getCause() == null ? e : e.getCause().getMessage());
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
        try {
            thread.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            try {
                connection.close();
            } catch (SQLException e) {
                LOG.warn("closing the checkpoint connection failed: {}", e.getMessage());
            }
        }
    }
}
