package io.bulwark.hub.store.sqlite;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One SQLite connection shared by the repositories, used by one thread at a time. SQLite serialises writers anyway;
 * one connection keeps transactions simple and makes every committed write visible to the next read.
 *
 * <p>Commits are grouped: with synchronous=FULL each commit costs a sync of the write-ahead log, and that sync, not
 * the SQL, is what a write costs. Callers queue their work; whichever caller gets the connection runs everything
 * waiting, oldest first, each piece under its own savepoint (so one piece failing undoes only itself), then commits
 * once and wakes the others. Nobody returns before the commit that holds their work is on disk, so acknowledged still
 * means durable; many writes simply share one sync.
 */
public final class SqliteDatabase implements AutoCloseable {

    /** Work run in one group commit at most; the rest waits for the next, so no caller waits on an endless batch. */
    static final int MAX_BATCH = 512;

    @FunctionalInterface
    public interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    /** Work queued for the next group commit; {@link #await()} returns once it is committed (or throws its error). */
    public final class Queued<T> {
        private final Work<T> work;
        /** False for work that only reads: it has nothing to undo, so it runs without a savepoint of its own. */
        private final boolean writes;
        private T result;
        private Throwable failure;
        private volatile boolean done;

        private Queued(Work<T> work, boolean writes) {
            this.work = work;
            this.writes = writes;
        }

        public T await() {
            while (!done) {
                lock.lock();
                try {
                    if (!done) {
                        commitWaiting();
                    }
                } finally {
                    lock.unlock();
                }
            }
            if (failure == null) {
                return result;
            }
            if (failure instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (failure instanceof Error error) {
                throw error;
            }
            throw new StoreException("database operation failed", (SQLException) failure);
        }
    }

    private final Connection connection;
    private final ReentrantLock lock = new ReentrantLock();
    private final ConcurrentLinkedQueue<Queued<?>> waiting = new ConcurrentLinkedQueue<>();

    private SqliteDatabase(Connection connection) {
        this.connection = connection;
    }

    public static SqliteDatabase open(Path file) {
        return open(file, List.of());
    }

    /**
     * Opens {@code file} and runs {@code setup} before the first transaction: statements SQLite refuses inside one
     * ({@code ATTACH}), or settings that differ from the defaults above.
     */
    public static SqliteDatabase open(Path file, List<String> setup) {
        try {
            Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
            try (Statement pragma = connection.createStatement()) {
                pragma.execute("PRAGMA journal_mode=WAL");
                // FULL: a commit is on disk before it returns, so an acknowledged write survives power loss too.
                pragma.execute("PRAGMA synchronous=FULL");
                pragma.execute("PRAGMA foreign_keys=ON");
                pragma.execute("PRAGMA busy_timeout=10000");
                for (String statement : setup) {
                    pragma.execute(statement);
                }
            }
            connection.setAutoCommit(false);
            return new SqliteDatabase(connection);
        } catch (SQLException e) {
            throw new StoreException("cannot open database " + file, e);
        }
    }

    /**
     * Runs {@code work} in a transaction: committed (and synced) if it returns, its changes undone if it throws. The
     * transaction may hold other callers' work too. Called from inside other work, it joins that work's transaction.
     */
    public <T> T transaction(Work<T> work) {
        if (lock.isHeldByCurrentThread()) {
            return nested(work);
        }
        return enqueue(work).await();
    }

    /**
     * Queues {@code work} for the next group commit without waiting for it. Work queued by one thread runs in the
     * order it was queued, which lets a caller that must keep an order (the audit chain) queue under its own lock and
     * wait outside it.
     */
    public <T> Queued<T> enqueue(Work<T> work) {
        return enqueue(work, true);
    }

    /**
     * Runs {@code work}, which must only read (SELECT), in the next group like {@link #transaction}, but without the
     * two savepoint statements each piece of work otherwise costs: a read changes nothing that a failure would have
     * to undo. The device lookup of every connect goes this way.
     */
    public <T> T read(Work<T> work) {
        if (lock.isHeldByCurrentThread()) {
            return nested(work);
        }
        return enqueue(work, false).await();
    }

    private <T> Queued<T> enqueue(Work<T> work, boolean writes) {
        Queued<T> queued = new Queued<>(work, writes);
        waiting.add(queued);
        return queued;
    }

    private <T> T nested(Work<T> work) {
        try {
            return work.run(connection);
        } catch (SQLException e) {
            throw new StoreException("database operation failed", e);
        }
    }

    private void commitWaiting() {
        List<Queued<?>> batch = new ArrayList<>();
        Queued<?> next;
        while (batch.size() < MAX_BATCH && (next = waiting.poll()) != null) {
            batch.add(next);
        }
        if (batch.isEmpty()) {
            return;
        }
        try (Statement savepoints = connection.createStatement()) {
            for (Queued<?> queued : batch) {
                run(queued, savepoints);
            }
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            rollback(e);
            for (Queued<?> queued : batch) {
                if (queued.failure == null) {
                    queued.result = null;
                    queued.failure = e;
                }
            }
        } finally {
            batch.forEach(queued -> queued.done = true);
        }
    }

    private static <T> void run(Queued<T> queued, Statement savepoints) throws SQLException {
        if (!queued.writes) {
            try {
                queued.result = queued.work.run(savepoints.getConnection());
            } catch (SQLException | RuntimeException | Error e) {
                queued.failure = e;
            }
            return;
        }
        savepoints.execute("SAVEPOINT work");
        try {
            queued.result = queued.work.run(savepoints.getConnection());
            savepoints.execute("RELEASE work");
        } catch (SQLException | RuntimeException | Error e) {
            queued.failure = e;
            savepoints.execute("ROLLBACK TO work");
            savepoints.execute("RELEASE work");
        }
    }

    private void rollback(Exception cause) {
        try {
            connection.rollback();
        } catch (SQLException suppressed) {
            cause.addSuppressed(suppressed);
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            connection.close();
        } catch (SQLException e) {
            throw new StoreException("cannot close database", e);
        } finally {
            lock.unlock();
        }
    }
}
