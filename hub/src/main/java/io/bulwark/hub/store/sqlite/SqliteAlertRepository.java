package io.bulwark.hub.store.sqlite;

import io.bulwark.hub.security.alert.Alert;
import io.bulwark.hub.security.alert.AlertEvidence;
import io.bulwark.hub.security.alert.AlertQuery;
import io.bulwark.hub.security.alert.AlertRepository;
import io.bulwark.hub.security.alert.AlertSeverity;
import io.bulwark.hub.security.alert.AlertState;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** Alerts in SQLite, one row each; times as epoch milliseconds so {@code since} compares as numbers. */
final class SqliteAlertRepository implements AlertRepository {

    static final String[] SCHEMA = {
        // Security alerts raised by the detectors (docs/security-alerts.md). Evidence is "stream:offset" joined by
        // spaces, at most Alert.MAX_EVIDENCE of them. The partial unique index makes "one active alert per dedup
        // key" a rule of the table, not only of the service.
        """
        CREATE TABLE alerts (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            rule TEXT NOT NULL,
            severity TEXT NOT NULL,
            dedup_key TEXT NOT NULL,
            first_seen INTEGER NOT NULL,
            last_seen INTEGER NOT NULL,
            count INTEGER NOT NULL,
            device_id TEXT,
            source_address TEXT,
            summary TEXT NOT NULL,
            evidence TEXT NOT NULL,
            state TEXT NOT NULL,
            state_changed_by TEXT NOT NULL,
            state_changed_time INTEGER NOT NULL,
            note TEXT
        )""",
        "CREATE UNIQUE INDEX alerts_active_by_key ON alerts (dedup_key) WHERE state != 'resolved'",
        "CREATE INDEX alerts_by_state ON alerts (state, id)",
        "CREATE INDEX alerts_by_device ON alerts (device_id, id)",
    };

    private static final String COLUMNS = "id, rule, severity, dedup_key, first_seen, last_seen, count, device_id, "
            + "source_address, summary, evidence, state, state_changed_by, state_changed_time, note";

    private static final int KEYS_PER_QUERY = 200;

    private final SqliteDatabase database;

    SqliteAlertRepository(SqliteDatabase database) {
        this.database = database;
    }

    @Override
    public long insert(Alert alert) {
        return database.transaction(connection -> insert(connection, alert));
    }

    @Override
    public void update(Alert alert) {
        database.transaction(connection -> {
            update(connection, alert);
            return null;
        });
    }

    @Override
    public List<Long> write(List<Alert> alerts) {
        return database.transaction(connection -> {
            List<Long> ids = new ArrayList<>(alerts.size());
            for (Alert alert : alerts) {
                if (alert.id() == 0) {
                    ids.add(insert(connection, alert));
                } else {
                    update(connection, alert);
                    ids.add(alert.id());
                }
            }
            return ids;
        });
    }

    private static long insert(Connection connection, Alert alert) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO alerts (rule, severity, "
                + "dedup_key, first_seen, last_seen, count, device_id, source_address, summary, evidence, state, "
                + "state_changed_by, state_changed_time, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                + "RETURNING id")) {
            insert.setString(1, alert.rule());
            insert.setString(2, alert.severity().wireName());
            insert.setString(3, alert.dedupKey());
            bindChangeable(insert, 4, alert);
            insert.setString(7, alert.deviceId());
            insert.setString(8, alert.sourceAddress());
            insert.setString(9, alert.summary());
            insert.setString(10, evidence(alert));
            insert.setString(11, alert.state().wireName());
            insert.setString(12, alert.stateChangedBy());
            insert.setLong(13, alert.stateChangedTime().toEpochMilli());
            insert.setString(14, alert.note());
            try (ResultSet key = insert.executeQuery()) {
                key.next();
                return key.getLong(1);
            }
        }
    }

    private static void update(Connection connection, Alert alert) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("UPDATE alerts SET first_seen = ?, "
                + "last_seen = ?, count = ?, summary = ?, evidence = ?, state = ?, state_changed_by = ?, "
                + "state_changed_time = ?, note = ? WHERE id = ?")) {
            bindChangeable(update, 1, alert);
            update.setString(4, alert.summary());
            update.setString(5, evidence(alert));
            update.setString(6, alert.state().wireName());
            update.setString(7, alert.stateChangedBy());
            update.setLong(8, alert.stateChangedTime().toEpochMilli());
            update.setString(9, alert.note());
            update.setLong(10, alert.id());
            if (update.executeUpdate() != 1) {
                throw new StoreException("alert " + alert.id() + " vanished during an update");
            }
        }
    }

    @Override
    public Optional<Alert> find(long id) {
        return database.transaction(connection -> first(connection, "SELECT " + COLUMNS
                + " FROM alerts WHERE id = ?", statement -> statement.setLong(1, id)));
    }

    @Override
    public Optional<Alert> findActive(String dedupKey) {
        return database.transaction(connection -> first(connection, "SELECT " + COLUMNS
                + " FROM alerts WHERE dedup_key = ? AND state != 'resolved'", statement -> statement.setString(1,
                dedupKey)));
    }

    @Override
    public Map<String, Alert> findActive(Collection<String> dedupKeys) {
        List<String> keys = List.copyOf(new java.util.LinkedHashSet<>(dedupKeys));
        return database.transaction(connection -> {
            Map<String, Alert> active = new HashMap<>();
            // Chunks stay far below SQLite's limit on bound parameters.
            for (int from = 0; from < keys.size(); from += KEYS_PER_QUERY) {
                List<String> chunk = keys.subList(from, Math.min(keys.size(), from + KEYS_PER_QUERY));
                String marks = String.join(", ", java.util.Collections.nCopies(chunk.size(), "?"));
                try (PreparedStatement statement = connection.prepareStatement("SELECT " + COLUMNS
                        + " FROM alerts WHERE state != 'resolved' AND dedup_key IN (" + marks + ")")) {
                    for (int i = 0; i < chunk.size(); i++) {
                        statement.setString(i + 1, chunk.get(i));
                    }
                    try (ResultSet row = statement.executeQuery()) {
                        while (row.next()) {
                            Alert alert = read(row);
                            active.put(alert.dedupKey(), alert);
                        }
                    }
                }
            }
            return active;
        });
    }

    @Override
    public List<Alert> list(AlertQuery query) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM alerts WHERE 1 = 1");
        List<Object> values = new ArrayList<>();
        condition(sql, values, " AND state = ?", query.state() == null ? null : query.state().wireName());
        condition(sql, values, " AND severity = ?", query.severity() == null ? null : query.severity().wireName());
        condition(sql, values, " AND device_id = ?", query.deviceId());
        condition(sql, values, " AND rule = ?", query.rule());
        condition(sql, values, " AND last_seen >= ?", query.since() == null ? null : query.since().toEpochMilli());
        condition(sql, values, " AND id < ?", query.beforeId() == 0 ? null : query.beforeId());
        sql.append(" ORDER BY id DESC LIMIT ").append(query.limit());
        return database.transaction(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql.toString())) {
                for (int i = 0; i < values.size(); i++) {
                    statement.setObject(i + 1, values.get(i));
                }
                List<Alert> alerts = new ArrayList<>();
                try (ResultSet row = statement.executeQuery()) {
                    while (row.next()) {
                        alerts.add(read(row));
                    }
                }
                return alerts;
            }
        });
    }

    private static void condition(StringBuilder sql, List<Object> values, String clause, Object value) {
        if (value != null) {
            sql.append(clause);
            values.add(value);
        }
    }

    private static void bindChangeable(PreparedStatement statement, int first, Alert alert) throws SQLException {
        statement.setLong(first, alert.firstSeen().toEpochMilli());
        statement.setLong(first + 1, alert.lastSeen().toEpochMilli());
        statement.setLong(first + 2, alert.count());
    }

    @FunctionalInterface
    private interface Binder {
        void bind(PreparedStatement statement) throws SQLException;
    }

    private static Optional<Alert> first(Connection connection, String sql, Binder binder) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            binder.bind(statement);
            try (ResultSet row = statement.executeQuery()) {
                return row.next() ? Optional.of(read(row)) : Optional.empty();
            }
        }
    }

    private static String evidence(Alert alert) {
        return alert.evidence().stream().map(AlertEvidence::format).collect(Collectors.joining(" "));
    }

    private static Alert read(ResultSet row) throws SQLException {
        String evidence = row.getString("evidence");
        List<AlertEvidence> items = evidence.isEmpty() ? List.of()
                : Arrays.stream(evidence.split(" ")).map(AlertEvidence::parse).toList();
        return new Alert(row.getLong("id"), row.getString("rule"), AlertSeverity.fromWire(row.getString("severity")),
                row.getString("dedup_key"), Instant.ofEpochMilli(row.getLong("first_seen")),
                Instant.ofEpochMilli(row.getLong("last_seen")), row.getLong("count"), row.getString("device_id"),
                row.getString("source_address"), row.getString("summary"), items,
                AlertState.fromWire(row.getString("state")), row.getString("state_changed_by"),
                Instant.ofEpochMilli(row.getLong("state_changed_time")), row.getString("note"));
    }
}
