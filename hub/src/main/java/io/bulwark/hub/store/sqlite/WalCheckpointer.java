package io.bulwark.hub.store.sqlite;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConnection;

/**
 * Copies a database's write-ahead log back into the database file on a thread and a connection of its own. SQLite's
 * automatic checkpoint runs inside the commit that crosses its threshold (1,000 pages): that commit then writes
 * megabytes of pages and syncs the database file before it returns, and every caller of its group commit waits for
 * it. For the streams that was every PUBACK waiting on the one writer, about twice a second at 24,000 messages a
 * second, 2 to 18 ms each time (docs/performance-notes.md).
 *
 * <p>Here a commit that changed rows only asks for a checkpoint; at most one runs per {@link #INTERVAL_MILLIS}, in
 * PASSIVE mode, which never blocks the writer: it goes on appending to the log meanwhile. A frequent checkpoint also
 * writes less: a page changed by many commits (the end of a table, of an index) is written to the file once.
 *
 * <p>A passive checkpoint copies the frames the log held when it began, and under a steady flood the writer has
 * appended more by the time it ends; the log can start over from its beginning only once all of it is copied, so
 * on its own this thread would let the log grow (an earlier attempt did, see docs/performance-notes.md). The writer
 * therefore keeps SQLite's own checkpoint, at {@link #WRITER_PAGES} instead of 1,000: by the time it fires this
 * thread has copied nearly all of the log, so the writer copies only the last pages, and its next transaction
 * starts the log over. Durability is unchanged: a commit is synced in the log before it returns, as before.
 */
final class WalCheckpointer implements AutoCloseable {

    static final long INTERVAL_MILLIS = 100;
    /** The log length (4 KiB pages) at which the writer finishes the copy itself and the log starts over. */
    static final int WRITER_PAGES = 2_000;
    private static final Logger LOG = LoggerFactory.getLogger(WalCheckpointer.class);

    private final Connection connection;
    private final Path file;
    private final ScheduledExecutorService thread;
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final AtomicLong checkpoints = new AtomicLong();
    /** The writer's change count at its last commit; read and written only by the thread holding the writer. */
    private long changesSeen;
    private volatile boolean warned;

    private WalCheckpointer(Connection connection, Path file) {
        this.connection = connection;
        this.file = file;
        this.thread = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread checkpointing = new Thread(runnable, "bulwark-checkpoint-" + file.getFileName());
            checkpointing.setDaemon(true);
            return checkpointing;
        });
    }

    static WalCheckpointer start(Path file) throws SQLException {
        return new WalCheckpointer(SqliteConnections.connect(file), file);
    }

    /**
     * Called by the thread holding {@code writer}, right after its commit. A commit that changed no row (a read in
     * the group commit, a reading database) leaves nothing to copy back and asks for nothing.
     */
    void committed(Connection writer) {
        long changes;
        try {
            changes = writer.unwrap(SQLiteConnection.class).getDatabase().total_changes();
        } catch (SQLException e) {
            // The commit stands; without the count, copy back anyway.
            changes = changesSeen + 1;
        }
        if (changes == changesSeen) {
            return;
        }
        changesSeen = changes;
        if (scheduled.compareAndSet(false, true)) {
            try {
                thread.schedule(this::checkpoint, INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException closing) {
                scheduled.set(false);
            }
        }
    }

    /** How many checkpoints ran: for tests. */
    long checkpoints() {
        return checkpoints.get();
    }

    private void checkpoint() {
        // Cleared first: a commit from now on asks for the next checkpoint, so none is left uncopied for long.
        scheduled.set(false);
        try (Statement pragma = connection.createStatement();
             ResultSet outcome = pragma.executeQuery("PRAGMA wal_checkpoint(PASSIVE)")) {
            outcome.next();
            checkpoints.incrementAndGet();
        } catch (SQLException e) {
            // The writer still checkpoints at its own threshold; say so once, not at every commit of a failing disk.
            if (!warned) {
                warned = true;
                LOG.warn("background checkpoint of {} failed ({}); the writer checkpoints by itself", file,
                        e.getMessage());
            }
        }
    }

    /** Stops the thread (a checkpoint under way finishes), then closes its connection. */
    @Override
    public void close() throws SQLException {
        thread.shutdownNow();
        try {
            thread.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        connection.close();
    }
}
