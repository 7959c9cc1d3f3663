package io.bulwark.hub.store.sqlite;

import io.bulwark.hub.secrets.SecretSealer;
import io.bulwark.hub.stream.StreamName;
import io.bulwark.hub.webhook.DeadLetter;
import io.bulwark.hub.webhook.WebhookFilter;
import io.bulwark.hub.webhook.WebhookRepository;
import io.bulwark.hub.webhook.WebhookRoute;
import io.bulwark.hub.webhook.WebhookSecret;
import io.bulwark.hub.webhook.WebhookUrl;
import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Webhook routes in SQLite: settings, the secret sealed under the master key (S-DATA-2), the position in the stream,
 * and the dead letters with the exact bodies that were POSTed.
 */
final class SqliteWebhookRepository implements WebhookRepository {

    /** Schema step 4 (see {@link SchemaMigrations}); released steps are never edited, a change is a new step. */
    static final String[] SCHEMA = {
        """
        CREATE TABLE webhook_routes (
            name TEXT PRIMARY KEY,
            stream TEXT NOT NULL,
            filter_device_id TEXT,
            filter_property TEXT,
            filter_value TEXT,
            url TEXT NOT NULL,
            trusted_ca TEXT,
            max_attempts INTEGER NOT NULL,
            enabled INTEGER NOT NULL,
            created_time TEXT NOT NULL,
            secret_sealed TEXT NOT NULL,
            position INTEGER NOT NULL
        )""",
        """
        CREATE TABLE webhook_dead_letters (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            route TEXT NOT NULL,
            stream_offset INTEGER NOT NULL,
            device_id TEXT,
            failed_time TEXT NOT NULL,
            attempts INTEGER NOT NULL,
            last_status INTEGER NOT NULL,
            last_error TEXT NOT NULL,
            payload BLOB NOT NULL
        )""",
        "CREATE INDEX webhook_dead_letters_by_route ON webhook_dead_letters (route, id)",
    };

    private static final String ROUTE_COLUMNS = "name, stream, filter_device_id, filter_property, filter_value, url, "
            + "trusted_ca, max_attempts, enabled, created_time";

    private final SqliteDatabase database;
    private final SecretSealer sealer;

    SqliteWebhookRepository(SqliteDatabase database, SecretSealer sealer) {
        this.database = database;
        this.sealer = sealer;
    }

    @Override
    public boolean insert(WebhookRoute route, WebhookSecret secret, long startOffset) {
        return database.transaction(connection -> {
            if (exists(connection, route.name())) {
                return false;
            }
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO webhook_routes ("
                    + ROUTE_COLUMNS + ", secret_sealed, position) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)")) {
                insert.setString(1, route.name());
                insert.setString(2, route.stream().wireName());
                insert.setString(3, route.filter().deviceId());
                insert.setString(4, route.filter().propertyName());
                insert.setString(5, route.filter().propertyValue());
                insert.setString(6, route.url().toString());
                insert.setString(7, route.trustedCaPem());
                insert.setInt(8, route.maxAttempts());
                insert.setInt(9, route.enabled() ? 1 : 0);
                insert.setString(10, route.createdTime().toString());
                insert.setString(11, sealer.seal(secret.value(), context(route.name())));
                insert.setLong(12, startOffset - 1);
                insert.executeUpdate();
            }
            return true;
        });
    }

    @Override
    public Optional<WebhookRoute> find(String name) {
        return database.transaction(connection -> {
            try (PreparedStatement query = connection.prepareStatement("SELECT " + ROUTE_COLUMNS
                    + " FROM webhook_routes WHERE name = ?")) {
                query.setString(1, name);
                try (ResultSet row = query.executeQuery()) {
                    return row.next() ? Optional.of(route(row)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public List<WebhookRoute> all() {
        return database.transaction(connection -> {
            try (PreparedStatement query = connection.prepareStatement("SELECT " + ROUTE_COLUMNS
                    + " FROM webhook_routes ORDER BY name");
                 ResultSet row = query.executeQuery()) {
                List<WebhookRoute> routes = new ArrayList<>();
                while (row.next()) {
                    routes.add(route(row));
                }
                return routes;
            }
        });
    }

    @Override
    public int count() {
        return (int) single("SELECT COUNT(*) FROM webhook_routes", null);
    }

    @Override
    public boolean delete(String name) {
        return database.transaction(connection -> {
            update(connection, "DELETE FROM webhook_dead_letters WHERE route = ?", name);
            return update(connection, "DELETE FROM webhook_routes WHERE name = ?", name) == 1;
        });
    }

    @Override
    public boolean setEnabled(String name, boolean enabled) {
        return database.transaction(connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE webhook_routes SET enabled = ? WHERE name = ?")) {
                update.setInt(1, enabled ? 1 : 0);
                update.setString(2, name);
                return update.executeUpdate() == 1;
            }
        });
    }

    @Override
    public boolean replaceSecret(String name, WebhookSecret secret) {
        return database.transaction(connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE webhook_routes SET secret_sealed = ? WHERE name = ?")) {
                update.setString(1, sealer.seal(secret.value(), context(name)));
                update.setString(2, name);
                return update.executeUpdate() == 1;
            }
        });
    }

    @Override
    public Optional<WebhookSecret> secret(String name) {
        String sealed = database.transaction(connection -> {
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT secret_sealed FROM webhook_routes WHERE name = ?")) {
                query.setString(1, name);
                try (ResultSet row = query.executeQuery()) {
                    return row.next() ? row.getString(1) : null;
                }
            }
        });
        return sealed == null ? Optional.empty() : Optional.of(new WebhookSecret(sealer.open(sealed, context(name))));
    }

    @Override
    public long position(String name) {
        return single("SELECT COALESCE(MAX(position), 0) FROM webhook_routes WHERE name = ?", name);
    }

    @Override
    public void advance(String name, long offset) {
        database.transaction(connection -> advance(connection, name, offset));
    }

    @Override
    public DeadLetter deadLetter(DeadLetter letter, long newPosition) {
        return database.transaction(connection -> {
            long id;
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO webhook_dead_letters "
                    + "(route, stream_offset, device_id, failed_time, attempts, last_status, last_error, payload) "
                    + "VALUES (?,?,?,?,?,?,?,?) RETURNING id")) {
                insert.setString(1, letter.route());
                insert.setLong(2, letter.offset());
                insert.setString(3, letter.deviceId());
                insert.setString(4, letter.failedTime().toString());
                insert.setInt(5, letter.attempts());
                insert.setInt(6, letter.lastStatus());
                insert.setString(7, letter.lastError());
                insert.setBytes(8, letter.payload());
                try (ResultSet keys = insert.executeQuery()) {
                    keys.next();
                    id = keys.getLong(1);
                }
            }
            advance(connection, letter.route(), newPosition);
            return letter.withId(id);
        });
    }

    @Override
    public List<DeadLetter> deadLetters(String route, long afterId, int limit) {
        return database.transaction(connection -> {
            try (PreparedStatement query = connection.prepareStatement("SELECT * FROM webhook_dead_letters "
                    + "WHERE route = ? AND id > ? ORDER BY id LIMIT ?")) {
                query.setString(1, route);
                query.setLong(2, afterId);
                query.setInt(3, limit);
                List<DeadLetter> letters = new ArrayList<>();
                try (ResultSet row = query.executeQuery()) {
                    while (row.next()) {
                        letters.add(deadLetter(row));
                    }
                }
                return letters;
            }
        });
    }

    @Override
    public Optional<DeadLetter> findDeadLetter(String route, long id) {
        return database.transaction(connection -> {
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT * FROM webhook_dead_letters WHERE route = ? AND id = ?")) {
                query.setString(1, route);
                query.setLong(2, id);
                try (ResultSet row = query.executeQuery()) {
                    return row.next() ? Optional.of(deadLetter(row)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public boolean removeDeadLetter(String route, long id) {
        return database.transaction(connection -> {
            try (PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM webhook_dead_letters WHERE route = ? AND id = ?")) {
                delete.setString(1, route);
                delete.setLong(2, id);
                return delete.executeUpdate() == 1;
            }
        });
    }

    @Override
    public void updateDeadLetter(DeadLetter letter) {
        database.transaction(connection -> {
            try (PreparedStatement update = connection.prepareStatement("UPDATE webhook_dead_letters SET "
                    + "failed_time = ?, attempts = ?, last_status = ?, last_error = ? WHERE route = ? AND id = ?")) {
                update.setString(1, letter.failedTime().toString());
                update.setInt(2, letter.attempts());
                update.setInt(3, letter.lastStatus());
                update.setString(4, letter.lastError());
                update.setString(5, letter.route());
                update.setLong(6, letter.id());
                update.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public int countDeadLetters(String route) {
        return (int) single("SELECT COUNT(*) FROM webhook_dead_letters WHERE route = ?", route);
    }

    private static boolean exists(Connection connection, String name) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT 1 FROM webhook_routes WHERE name = ?")) {
            query.setString(1, name);
            try (ResultSet row = query.executeQuery()) {
                return row.next();
            }
        }
    }

    /** Positions only move forward: a late writer (a stopped worker) cannot move a route back. */
    private static Void advance(Connection connection, String name, long offset) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE webhook_routes SET position = ? WHERE name = ? AND position < ?")) {
            update.setLong(1, offset);
            update.setString(2, name);
            update.setLong(3, offset);
            update.executeUpdate();
        }
        return null;
    }

    private static int update(Connection connection, String sql, String name) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(sql)) {
            update.setString(1, name);
            return update.executeUpdate();
        }
    }

    private long single(String sql, String parameter) {
        return database.transaction(connection -> {
            try (PreparedStatement query = connection.prepareStatement(sql)) {
                if (parameter != null) {
                    query.setString(1, parameter);
                }
                try (ResultSet row = query.executeQuery()) {
                    return row.next() ? row.getLong(1) : 0L;
                }
            }
        });
    }

    private static WebhookRoute route(ResultSet row) throws SQLException {
        return new WebhookRoute(row.getString("name"), StreamName.fromWire(row.getString("stream")),
                new WebhookFilter(row.getString("filter_device_id"), row.getString("filter_property"),
                        row.getString("filter_value")),
                new WebhookUrl(URI.create(row.getString("url"))), row.getString("trusted_ca"),
                row.getInt("max_attempts"), row.getInt("enabled") == 1, Instant.parse(row.getString("created_time")));
    }

    private static DeadLetter deadLetter(ResultSet row) throws SQLException {
        return new DeadLetter(row.getLong("id"), row.getString("route"), row.getLong("stream_offset"),
                row.getString("device_id"), Instant.parse(row.getString("failed_time")), row.getInt("attempts"),
                row.getInt("last_status"), row.getString("last_error"), row.getBytes("payload"));
    }

    private static String context(String route) {
        return "webhook-secret:" + route;
    }
}
