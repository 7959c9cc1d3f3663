package io.bulwark.hub.store.sqlite;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * The prepared statements of one connection, kept by their SQL text, so a hot lookup compiles its SQL once per
 * connection instead of on every call (compiling was most of a device lookup's cost). Not thread-safe: it is used only
 * by the thread that holds its connection, as the connection itself is.
 *
 * <p>A kept statement holds no transaction or snapshot between uses: in sqlite-jdbc (3.50.3.0) closing a statement's
 * result set resets the sqlite3 statement, {@code executeUpdate} resets it when it returns or fails, and every
 * execute resets it before it binds and steps. So callers set every parameter on each use and close each result set,
 * and never close the statement themselves.
 */
final class StatementCache implements AutoCloseable {

    /**
     * Hot call sites use constant SQL, so a cache never comes near this; it only stops a caller passing SQL built
     * from values from growing it without end.
     */
    static final int MAX_STATEMENTS = 64;

    private final Connection connection;
    private final Map<String, PreparedStatement> statements = new HashMap<>();

    StatementCache(Connection connection) {
        this.connection = connection;
    }

    /** The statement for {@code sql} on this connection, prepared on first use. Do not close it. */
    PreparedStatement prepared(String sql) throws SQLException {
        PreparedStatement statement = statements.get(sql);
        if (statement != null) {
            return statement;
        }
        if (statements.size() >= MAX_STATEMENTS) {
            clear();
        }
        statement = connection.prepareStatement(sql);
        statements.put(sql, statement);
        return statement;
    }

    int size() {
        return statements.size();
    }

    /**
     * Closes and forgets every kept statement. Called after any failure on the connection, so a statement left in a
     * state nobody checked (a half-built batch, a result set a failure kept open) is never handed to the next caller.
     */
    void clear() {
        for (PreparedStatement statement : statements.values()) {
            try {
                statement.close();
            } catch (SQLException ignored) {
                // Closing the connection finalises whatever statement is left.
            }
        }
        statements.clear();
    }

    @Override
    public void close() {
        clear();
    }
}
