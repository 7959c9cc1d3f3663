package io.bulwark.hub.store.sqlite;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One SQLite connection for writing, shared by the repositories and used by one thread at a time, and a few
 * read-only connections beside it. SQLite serialises writers anyway; one writing connection keeps transactions
 * simple. In WAL mode a reader sees every transaction committed before its read began and never waits for a writer,
 * so {@link #read} gives hot lookups (a device, a policy, a device's next cloud-to-device messages) their answer
 * without queueing behind other callers' syncs.
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
    /**
     * A waiter is woken when its work is committed, or when the connection is free and its work still waits; this
     * bound on one sleep only guards against a wake-up this class failed to give.
     */
    private static final long LONGEST_SLEEP_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SqliteDatabase.class);

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
        /** The thread in {@link #await()}, woken when the work is committed; null until someone awaits it. */
        private volatile Thread waiter;

        private Queued(Work<T> work, boolean writes) {
            this.work = work;
            this.writes = writes;
        }

        /**
         * Waits until the work is committed. The first caller to find the connection free commits everything
         * waiting; the others sleep until that commit wakes them, each at once, instead of taking the lock in turn
         * only to learn that their work is done (on a busy machine each such turn waits for the scheduler).
         */
        public T await() {
            waiter = Thread.currentThread();
            while (!done) {
                if (lock.tryLock()) {
                    try {
                        if (!done) {
                            commitWaiting();
                        }
                    } finally {
                        lock.unlock();
                    }
                    wakeNextCommitter();
                } else {
                    LockSupport.parkNanos(this, LONGEST_SLEEP_NANOS);
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
    private final List<Connection> allReaders;
    private final BlockingQueue<Connection> readers;
    /** Actions of the batch being run, in the order its work registered them; used under the lock only. */
    private final List<Runnable> afterCommit = new ArrayList<>();
    /**
     * Each connection's kept statements, filled before the database is published and never changed after, so any
     * thread may look one up; a cache itself is used only by the thread holding its connection.
     */
    private final Map<Connection, StatementCache> statements = new IdentityHashMap<>();

    private SqliteDatabase(Connection connection, List<Connection> readers) {
        this.connection = connection;
        this.allReaders = List.copyOf(readers);
        this.readers = new ArrayBlockingQueue<>(Math.max(1, readers.size()), false, readers);
        statements.put(connection, new StatementCache(connection));
        for (Connection reader : readers) {
            statements.put(reader, new StatementCache(reader));
        }
    }

    /**
     * From inside work only: the statement for {@code sql} on the work's {@code connection}, prepared the first time
     * and kept until the database closes (or until work on that connection fails). Set every parameter on each use
     * and close each result set (closing it resets the statement, so it holds no snapshot that would keep the
     * write-ahead log from being checkpointed); never close the statement. For SQL that is the same on every call:
     * SQL built from values belongs in an ordinary {@code prepareStatement}. Finish one use (close its result set)
     * before the same SQL runs again on the connection: both uses would share the one statement.
     */
    public PreparedStatement prepared(Connection connection, String sql) throws SQLException {
        StatementCache cache = statements.get(connection);
        if (cache == null) {
            throw new IllegalArgumentException("not a connection of this database");
        }
        if (connection == this.connection && !lock.isHeldByCurrentThread()) {
            throw new IllegalStateException("the writing connection's statements are for work holding it");
        }
        return cache.prepared(sql);
    }

    /** A database without reading connections: {@link #read} runs in the group commit like any work. */
    public static SqliteDatabase open(Path file) {
        return open(file, 0, SqliteConnections.DEFAULT_PAGE_SIZE, List.of());
    }

    /**
     * Opens {@code file} and runs {@code setup} before the first transaction: statements SQLite refuses inside one
     * ({@code ATTACH}), or settings that differ from the defaults ({@link SqliteConnections}).
     */
    public static SqliteDatabase open(Path file, List<String> setup) {
        return open(file, 0, SqliteConnections.DEFAULT_PAGE_SIZE, setup);
    }

    /**
     * As {@link #open(Path, List)}, and a file created now gets pages of {@code newFilePageSize} bytes (a power of two,
     * 512 to 65,536); one that exists keeps its own.
     */
    public static SqliteDatabase openWithPageSize(Path file, int newFilePageSize, List<String> setup) {
        return open(file, 0, newFilePageSize, setup);
    }

    /**
     * @param readerCount read-only connections beside the writing one; a reader holds one only for its query, so a
     *                    few serve many threads
     */
    public static SqliteDatabase open(Path file, int readerCount) {
        return open(file, readerCount, SqliteConnections.DEFAULT_PAGE_SIZE, List.of());
    }

    private static SqliteDatabase open(Path file, int readerCount, int newFilePageSize, List<String> setup) {
        SqliteConnections opened = SqliteConnections.open(file, readerCount, newFilePageSize, setup);
        return new SqliteDatabase(opened.writer(), opened.readers());
    }

    /**
     * Runs read-only {@code work} on a reading connection: it sees every transaction committed before it began (a
     * write whose {@link #transaction} returned is visible), waits for no commit, and cannot write. Called from inside
     * other work, it runs on that work's connection and so sees its uncommitted changes. A database without reading
     * connections runs it in the next group commit, but without the two savepoint statements each piece of work
     * otherwise costs: a read changes nothing that a failure would have to undo.
     */
    public <T> T read(Work<T> work) {
        if (lock.isHeldByCurrentThread()) {
            return nested(work);
        }
        if (allReaders.isEmpty()) {
            return enqueue(work, false).await();
        }
        Connection reader;
        try {
            reader = readers.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while waiting for a reading connection");
        }
        try {
            return work.run(reader);
        } catch (SQLException e) {
            statements.get(reader).clear();
            throw new StoreException("database read failed", e);
        } catch (RuntimeException | Error e) {
            statements.get(reader).clear();
            throw e;
        } finally {
            endRead(reader);
            readers.add(reader);
        }
    }

    private void endRead(Connection reader) {
        try {
            reader.commit();
        } catch (SQLException e) {
            statements.get(reader).clear();
            try {
                reader.rollback();
            } catch (SQLException ignored) {
                // The next read on this connection starts a new transaction either way.
            }
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

    private <T> Queued<T> enqueue(Work<T> work, boolean writes) {
        Queued<T> queued = new Queued<>(work, writes);
        waiting.add(queued);
        return queued;
    }

    /**
     * From inside work only: runs {@code action} once the transaction holding that work is committed and synced,
     * before any caller of the group hears "done" and before any later transaction commits, so actions run in commit
     * order. Dropped if the work fails or the commit does. Keep actions short: the connection waits for them.
     */
    public void afterCommit(Runnable action) {
        if (!lock.isHeldByCurrentThread()) {
            throw new IllegalStateException("afterCommit is for work running in a transaction");
        }
        afterCommit.add(action);
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
        afterCommit.clear();
        try {
            for (Queued<?> queued : batch) {
                int actionsBefore = afterCommit.size();
                run(queued);
                if (queued.failure != null) {
                    afterCommit.subList(actionsBefore, afterCommit.size()).clear();
                }
            }
            connection.commit();
            runAfterCommit();
        } catch (SQLException | RuntimeException e) {
            statements.get(connection).clear();
            rollback(e);
            for (Queued<?> queued : batch) {
                if (queued.failure == null) {
                    queued.result = null;
                    queued.failure = e;
                }
            }
        } finally {
            Thread self = Thread.currentThread();
            for (Queued<?> queued : batch) {
                queued.done = true;
                Thread waiter = queued.waiter;
                if (waiter != null && waiter != self) {
                    LockSupport.unpark(waiter);
                }
            }
        }
    }

    private void runAfterCommit() {
        for (Runnable action : afterCommit) {
            try {
                action.run();
            } catch (RuntimeException e) {
                // The commit stands whatever an action does; one failing must not keep the others from running.
                LOG.warn("an action after commit failed: {}", e.getClass().getSimpleName());
            }
        }
        afterCommit.clear();
    }

    /**
     * Called after releasing the connection: if work is still waiting, wakes the oldest caller waiting for it to
     * commit it. A caller who has not reached {@link Queued#await()} yet tries the lock itself when it gets there.
     */
    private void wakeNextCommitter() {
        for (Queued<?> queued : waiting) {
            Thread waiter = queued.waiter;
            if (waiter != null) {
                LockSupport.unpark(waiter);
                return;
            }
        }
    }

    private <T> void run(Queued<T> queued) throws SQLException {
        if (!queued.writes) {
            try {
                queued.result = queued.work.run(connection);
            } catch (SQLException | RuntimeException | Error e) {
                queued.failure = e;
                statements.get(connection).clear();
            }
            return;
        }
        // Kept statements: executed as text, each was compiled (and parsed by the driver) for every piece of work.
        prepared(connection, "SAVEPOINT work").execute();
        try {
            queued.result = queued.work.run(connection);
            prepared(connection, "RELEASE work").execute();
        } catch (SQLException | RuntimeException | Error e) {
            queued.failure = e;
            // Before the rollback, so it meets no statement the failure left mid-step and none is handed on.
            statements.get(connection).clear();
            try (Statement undo = connection.createStatement()) {
                undo.execute("ROLLBACK TO work");
                undo.execute("RELEASE work");
            }
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
            SQLException failure = null;
            statements.values().forEach(StatementCache::close);
            for (Connection reader : allReaders) {
                try {
                    reader.close();
                } catch (SQLException e) {
                    failure = e;
                }
            }
            connection.close();
            if (failure != null) {
                throw failure;
            }
        } catch (SQLException e) {
            throw new StoreException("cannot close database", e);
        } finally {
            lock.unlock();
        }
    }
}
