package io.bulwark.hub.store.sqlite;

import io.bulwark.hub.audit.AuditChain;
import io.bulwark.hub.audit.AuditOutcome;
import io.bulwark.hub.audit.AuditQuery;
import io.bulwark.hub.audit.AuditRecord;
import io.bulwark.hub.audit.AuditRepository;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/** The audit log in SQLite, one row per record, keyed by sequence number. */
final class SqliteAuditRepository implements AuditRepository {

    private static final String SELECT = "SELECT sequence, time, actor, action, target, outcome, source, detail, "
            + "previous_hash, hash FROM audit_log ";
    private static final int SCAN_BATCH = 1000;
    private static final String INSERT = "INSERT INTO audit_log (sequence, time, actor, action, target, outcome, "
            + "source, detail, previous_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String PREDECESSOR =
            "SELECT hash FROM audit_log WHERE sequence < ? ORDER BY sequence DESC LIMIT 1";

    private final SqliteDatabase database;

    SqliteAuditRepository(SqliteDatabase database) {
        this.database = database;
    }

    @Override
    public void append(AuditRecord record) {
        database.transaction(connection -> insert(connection, record));
    }

    @Override
    public QueuedAppend queueAppend(AuditRecord record) {
        SqliteDatabase.Queued<Void> queued = database.enqueue(connection -> {
            requireStoredPredecessor(connection, record);
            return insert(connection, record);
        });
        return queued::await;
    }

    /** Every audited action runs this and the check before it: both are kept prepared on the writing connection. */
    private Void insert(Connection connection, AuditRecord record) throws SQLException {
        PreparedStatement insert = database.prepared(connection, INSERT);
        insert.setLong(1, record.sequence());
        insert.setString(2, record.time().toString());
        insert.setString(3, record.actor());
        insert.setString(4, record.action());
        insert.setString(5, record.target());
        insert.setString(6, record.outcome().wireName());
        insert.setString(7, record.source());
        insert.setString(8, record.detail());
        insert.setString(9, record.previousHash());
        insert.setString(10, record.hash());
        insert.executeUpdate();
        return null;
    }

    /**
     * Appends are queued before the ones they link to are stored. If one of those failed, a record queued after it
     * must not be stored either: it would link to a record that is not there, a break in the chain the hub made
     * itself.
     */
    private void requireStoredPredecessor(Connection connection, AuditRecord record) throws SQLException {
        PreparedStatement query = database.prepared(connection, PREDECESSOR);
        query.setLong(1, record.sequence());
        try (ResultSet row = query.executeQuery()) {
            String stored = row.next() ? row.getString(1) : AuditChain.GENESIS;
            if (!stored.equals(record.previousHash())) {
                throw new StoreException("audit record " + record.sequence()
                        + " does not follow the newest stored record");
            }
        }
    }

    @Override
    public Optional<AuditRecord> last() {
        List<AuditRecord> last = select(SELECT + "ORDER BY sequence DESC LIMIT 1", List.of());
        return last.isEmpty() ? Optional.empty() : Optional.of(last.get(0));
    }

    @Override
    public List<AuditRecord> query(AuditQuery query) {
        StringBuilder sql = new StringBuilder(SELECT).append("WHERE sequence > ?");
        List<Object> arguments = new ArrayList<>(List.of(query.afterSequence()));
        filter(sql, arguments, "actor", query.actor());
        filter(sql, arguments, "action", query.action());
        filter(sql, arguments, "target", query.target());
        filter(sql, arguments, "outcome", query.outcome() == null ? null : query.outcome().wireName());
        // ISO-8601 instants in UTC sort as text in time order.
        if (query.from() != null) {
            sql.append(" AND time >= ?");
            arguments.add(query.from().toString());
        }
        if (query.to() != null) {
            sql.append(" AND time <= ?");
            arguments.add(query.to().toString());
        }
        sql.append(" ORDER BY sequence LIMIT ?");
        arguments.add(query.limit());
        return select(sql.toString(), arguments);
    }

    @Override
    public void forEachInSequence(Consumer<AuditRecord> sink) {
        long after = Long.MIN_VALUE;
        while (true) {
            List<AuditRecord> batch = select(SELECT + "WHERE sequence > ? ORDER BY sequence LIMIT " + SCAN_BATCH,
                    List.of(after));
            batch.forEach(sink);
            if (batch.size() < SCAN_BATCH) {
                return;
            }
            after = batch.get(batch.size() - 1).sequence();
        }
    }

    private static void filter(StringBuilder sql, List<Object> arguments, String column, String value) {
        if (value != null) {
            sql.append(" AND ").append(column).append(" = ?");
            arguments.add(value);
        }
    }

    private List<AuditRecord> select(String sql, List<Object> arguments) {
        return database.transaction(connection -> {
            try (PreparedStatement query = connection.prepareStatement(sql)) {
                for (int i = 0; i < arguments.size(); i++) {
                    query.setObject(i + 1, arguments.get(i));
                }
                List<AuditRecord> records = new ArrayList<>();
                try (ResultSet row = query.executeQuery()) {
                    while (row.next()) {
                        records.add(read(row));
                    }
                }
                return records;
            }
        });
    }

    private static AuditRecord read(ResultSet row) throws SQLException {
        return new AuditRecord(row.getLong("sequence"), Instant.parse(row.getString("time")), row.getString("actor"),
                row.getString("action"), row.getString("target"), AuditOutcome.fromWire(row.getString("outcome")),
                row.getString("source"), row.getString("detail"), row.getString("previous_hash"),
                row.getString("hash"));
    }
}
