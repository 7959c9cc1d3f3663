package io.bulwark.hub.store.sqlite;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One SQLite connection shared by the repositories, used by one thread at a time. SQLite serialises writers anyway;
 * one connection keeps transactions simple and makes every committed write visible to the next read.
 */
public final class SqliteDatabase implements AutoCloseable {

    @FunctionalInterface
    public interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private final Connection connection;
    private final ReentrantLock lock = new ReentrantLock();

    private SqliteDatabase(Connection connection) {
        this.connection = connection;
    }

    public static SqliteDatabase open(Path file) {
        try {
            Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
            try (Statement pragma = connection.createStatement()) {
                pragma.execute("PRAGMA journal_mode=WAL");
                // FULL: a commit is on disk before it returns, so an acknowledged write survives power loss too.
                pragma.execute("PRAGMA synchronous=FULL");
                pragma.execute("PRAGMA foreign_keys=ON");
                pragma.execute("PRAGMA busy_timeout=10000");
            }
            connection.setAutoCommit(false);
            return new SqliteDatabase(connection);
        } catch (SQLException e) {
            throw new StoreException("cannot open database " + file, e);
        }
    }

    /** Runs {@code work} in one transaction: committed if it returns, rolled back if it throws. */
    public <T> T transaction(Work<T> work) {
        lock.lock();
        try {
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                rollback(e);
                if (e instanceof RuntimeException runtime) {
                    throw runtime;
                }
                throw new StoreException("database operation failed", (SQLException) e);
            }
        } finally {
            lock.unlock();
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
