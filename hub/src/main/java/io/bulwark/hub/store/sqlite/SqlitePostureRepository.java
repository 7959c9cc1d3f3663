package io.bulwark.hub.store.sqlite;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bulwark.hub.security.posture.FindingQuery;
import io.bulwark.hub.security.posture.PostureFinding;
import io.bulwark.hub.security.posture.PostureRepository;
import io.bulwark.hub.security.posture.Severity;
import io.bulwark.hub.security.posture.StoredPosture;
import io.bulwark.protocol.security.PostureSnapshot;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The latest posture snapshot per device (as JSON) and the posture findings. At most one open finding per device and
 * check (a partial unique index); closed findings stay as history.
 */
final class SqlitePostureRepository implements PostureRepository {

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    private static final String FINDING_COLUMNS = "device_id, check_name, severity, severity_rank, message, "
            + "remediation, evidence_offset, first_seen, last_seen, closed_time";

    private final SqliteDatabase database;

    SqlitePostureRepository(SqliteDatabase database) {
        this.database = database;
    }

    @Override
    public boolean save(StoredPosture posture, List<PostureFinding> changedFindings) {
        return database.transaction(connection -> {
            // In the same transaction as the writes, so a deletion and its purge cannot fall between check and write.
            try (PreparedStatement exists = connection.prepareStatement(
                    "SELECT 1 FROM devices WHERE device_id = ? AND module_id = ''")) {
                exists.setString(1, posture.deviceId());
                try (ResultSet row = exists.executeQuery()) {
                    if (!row.next()) {
                        return false;
                    }
                }
            }
            try (PreparedStatement upsert = connection.prepareStatement("INSERT INTO device_posture (device_id, "
                    + "stream_offset, received_time, reported_time, snapshot) VALUES (?, ?, ?, ?, ?) "
                    + "ON CONFLICT (device_id) DO UPDATE SET stream_offset = excluded.stream_offset, "
                    + "received_time = excluded.received_time, reported_time = excluded.reported_time, "
                    + "snapshot = excluded.snapshot WHERE excluded.stream_offset >= device_posture.stream_offset")) {
                upsert.setString(1, posture.deviceId());
                upsert.setLong(2, posture.offset());
                upsert.setString(3, posture.receivedTime().toString());
                upsert.setString(4, posture.reportedTime().toString());
                upsert.setString(5, write(posture.snapshot()));
                upsert.executeUpdate();
            }
            for (PostureFinding finding : changedFindings) {
                saveFinding(connection, finding);
            }
            return true;
        });
    }

    @Override
    public void forget(String deviceId) {
        database.transaction(connection -> {
            for (String table : List.of("device_posture", "posture_findings")) {
                try (PreparedStatement delete = connection.prepareStatement(
                        "DELETE FROM " + table + " WHERE device_id = ?")) {
                    delete.setString(1, deviceId);
                    delete.executeUpdate();
                }
            }
            return null;
        });
    }

    private static void saveFinding(Connection connection, PostureFinding finding) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("UPDATE posture_findings SET severity = ?, "
                + "severity_rank = ?, message = ?, remediation = ?, evidence_offset = ?, last_seen = ?, closed_time = ? "
                + "WHERE device_id = ? AND check_name = ? AND closed_time IS NULL")) {
            update.setString(1, finding.severity().wireName());
            update.setInt(2, finding.severity().ordinal());
            update.setString(3, finding.message());
            update.setString(4, finding.remediation());
            update.setLong(5, finding.evidenceOffset());
            update.setString(6, finding.lastSeen().toString());
            update.setString(7, finding.closedTime() == null ? null : finding.closedTime().toString());
            update.setString(8, finding.deviceId());
            update.setString(9, finding.check());
            if (update.executeUpdate() == 1 || !finding.isOpen()) {
                return;
            }
        }
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO posture_findings (" + FINDING_COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)")) {
            insert.setString(1, finding.deviceId());
            insert.setString(2, finding.check());
            insert.setString(3, finding.severity().wireName());
            insert.setInt(4, finding.severity().ordinal());
            insert.setString(5, finding.message());
            insert.setString(6, finding.remediation());
            insert.setLong(7, finding.evidenceOffset());
            insert.setString(8, finding.firstSeen().toString());
            insert.setString(9, finding.lastSeen().toString());
            insert.executeUpdate();
        }
    }

    @Override
    public Optional<StoredPosture> latest(String deviceId) {
        return database.transaction(connection -> {
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT * FROM device_posture WHERE device_id = ?")) {
                query.setString(1, deviceId);
                try (ResultSet row = query.executeQuery()) {
                    return row.next() ? Optional.of(readPosture(row)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public List<StoredPosture> allLatest() {
        return database.transaction(connection -> {
            // Only devices still registered: a deleted device's last posture is history, not fleet.
            try (PreparedStatement query = connection.prepareStatement("SELECT * FROM device_posture WHERE device_id "
                    + "IN (SELECT device_id FROM devices WHERE module_id = '') ORDER BY device_id");
                 ResultSet row = query.executeQuery()) {
                List<StoredPosture> all = new ArrayList<>();
                while (row.next()) {
                    all.add(readPosture(row));
                }
                return all;
            }
        });
    }

    @Override
    public List<PostureFinding> openFindings(String deviceId) {
        return findings(new FindingQuery(deviceId, null, null, true, FindingQuery.MAX_LIMIT));
    }

    @Override
    public List<PostureFinding> findings(FindingQuery filter) {
        StringBuilder sql = new StringBuilder("SELECT " + FINDING_COLUMNS + " FROM posture_findings WHERE device_id IN "
                + "(SELECT device_id FROM devices WHERE module_id = '')");
        List<Object> parameters = new ArrayList<>();
        if (filter.deviceId() != null) {
            sql.append(" AND device_id = ?");
            parameters.add(filter.deviceId());
        }
        if (filter.check() != null) {
            sql.append(" AND check_name = ?");
            parameters.add(filter.check());
        }
        if (filter.minimumSeverity() != null) {
            sql.append(" AND severity_rank >= ?");
            parameters.add(filter.minimumSeverity().ordinal());
        }
        if (filter.open() != null) {
            sql.append(filter.open() ? " AND closed_time IS NULL" : " AND closed_time IS NOT NULL");
        }
        sql.append(" ORDER BY closed_time IS NOT NULL, device_id, check_name, sequence DESC LIMIT ?");
        parameters.add(filter.limit());
        return database.transaction(connection -> {
            try (PreparedStatement query = connection.prepareStatement(sql.toString())) {
                for (int i = 0; i < parameters.size(); i++) {
                    query.setObject(i + 1, parameters.get(i));
                }
                try (ResultSet row = query.executeQuery()) {
                    List<PostureFinding> found = new ArrayList<>();
                    while (row.next()) {
                        found.add(readFinding(row));
                    }
                    return found;
                }
            }
        });
    }

    private static PostureFinding readFinding(ResultSet row) throws SQLException {
        String closed = row.getString("closed_time");
        return new PostureFinding(row.getString("device_id"), row.getString("check_name"),
                Severity.fromWire(row.getString("severity")), row.getString("message"), row.getString("remediation"),
                row.getLong("evidence_offset"), Instant.parse(row.getString("first_seen")),
                Instant.parse(row.getString("last_seen")), closed == null ? null : Instant.parse(closed));
    }

    private static StoredPosture readPosture(ResultSet row) throws SQLException {
        PostureSnapshot snapshot;
        try {
            snapshot = JSON.readValue(row.getString("snapshot"), PostureSnapshot.class);
        } catch (JsonProcessingException e) {
            throw new StoreException("a stored posture snapshot is unreadable", e);
        }
        return new StoredPosture(row.getString("device_id"), row.getLong("stream_offset"),
                Instant.parse(row.getString("received_time")), Instant.parse(row.getString("reported_time")),
                snapshot);
    }

    private static String write(PostureSnapshot snapshot) {
        try {
            return JSON.writeValueAsString(snapshot);
        } catch (JsonProcessingException e) {
            throw new StoreException("a posture snapshot failed to serialise", e);
        }
    }
}
