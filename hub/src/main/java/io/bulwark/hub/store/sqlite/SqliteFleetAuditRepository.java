package io.bulwark.hub.store.sqlite;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bulwark.hub.security.fleetaudit.AuditFinding;
import io.bulwark.hub.security.fleetaudit.AuditPeriod;
import io.bulwark.hub.security.fleetaudit.CheckResult;
import io.bulwark.hub.security.fleetaudit.FleetAuditReport;
import io.bulwark.hub.security.fleetaudit.FleetAuditRepository;
import io.bulwark.hub.security.posture.Severity;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Fleet audit reports in SQLite, one row per run, the check results as JSON (they hold no secret). */
final class SqliteFleetAuditRepository implements FleetAuditRepository {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final SqliteDatabase database;

    SqliteFleetAuditRepository(SqliteDatabase database) {
        this.database = database;
    }

    @Override
    public void save(FleetAuditReport report) {
        database.transaction(connection -> {
            try (PreparedStatement upsert = connection.prepareStatement("INSERT INTO fleet_audits (id, state, "
                    + "trigger_name, actor, started_time, finished_time, period_from, period_to, results) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET state = excluded.state, "
                    + "finished_time = excluded.finished_time, results = excluded.results")) {
                upsert.setString(1, report.id());
                upsert.setString(2, report.state().wireName());
                upsert.setString(3, report.trigger());
                upsert.setString(4, report.actor());
                upsert.setString(5, report.startedTime().toString());
                upsert.setString(6, report.finishedTime() == null ? null : report.finishedTime().toString());
                upsert.setString(7, report.period().from().toString());
                upsert.setString(8, report.period().to().toString());
                upsert.setString(9, write(report.results()));
                upsert.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public Optional<FleetAuditReport> find(String id) {
        return database.transaction(connection -> {
            try (PreparedStatement query = connection.prepareStatement("SELECT * FROM fleet_audits WHERE id = ?")) {
                query.setString(1, id);
                try (ResultSet row = query.executeQuery()) {
                    return row.next() ? Optional.of(read(row)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public List<FleetAuditReport> list(int limit) {
        return database.transaction(connection -> {
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT * FROM fleet_audits ORDER BY sequence DESC LIMIT ?")) {
                query.setInt(1, limit);
                try (ResultSet row = query.executeQuery()) {
                    List<FleetAuditReport> reports = new ArrayList<>();
                    while (row.next()) {
                        reports.add(read(row));
                    }
                    return reports;
                }
            }
        });
    }

    @Override
    public void prune(int keep) {
        database.transaction(connection -> {
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM fleet_audits WHERE sequence <= "
                    + "(SELECT sequence FROM fleet_audits ORDER BY sequence DESC LIMIT 1 OFFSET ?)")) {
                delete.setInt(1, keep);
                delete.executeUpdate();
            }
            return null;
        });
    }

    private static String write(List<CheckResult> results) {
        ArrayNode array = JSON.createArrayNode();
        for (CheckResult result : results) {
            ObjectNode node = array.addObject().put("check", result.check()).put("rule", result.rule())
                    .put("error", result.error());
            ArrayNode findings = node.putArray("findings");
            for (AuditFinding finding : result.findings()) {
                findings.addObject().put("check", finding.check()).put("severity", finding.severity().wireName())
                        .put("target", finding.target()).put("message", finding.message());
            }
        }
        return array.toString();
    }

    private static FleetAuditReport read(ResultSet row) throws SQLException {
        String finished = row.getString("finished_time");
        return new FleetAuditReport(row.getString("id"), FleetAuditReport.State.fromWire(row.getString("state")),
                row.getString("trigger_name"), row.getString("actor"), Instant.parse(row.getString("started_time")),
                finished == null ? null : Instant.parse(finished),
                new AuditPeriod(Instant.parse(row.getString("period_from")), Instant.parse(row.getString("period_to"))),
                readResults(row.getString("results")));
    }

    private static List<CheckResult> readResults(String text) {
        JsonNode array;
        try {
            array = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new StoreException("stored fleet audit results are unreadable", e);
        }
        List<CheckResult> results = new ArrayList<>();
        for (JsonNode node : array) {
            List<AuditFinding> findings = new ArrayList<>();
            for (JsonNode finding : node.path("findings")) {
                findings.add(new AuditFinding(finding.path("check").asText(),
                        Severity.fromWire(finding.path("severity").asText()), finding.path("target").asText(),
                        finding.path("message").asText()));
            }
            JsonNode error = node.get("error");
            results.add(new CheckResult(node.path("check").asText(), node.path("rule").asText(), findings,
                    error == null || error.isNull() ? null : error.asText()));
        }
        return results;
    }
}
