package io.bulwark.hub.http;

import static io.bulwark.hub.auth.Permission.AUDIT_READ;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bulwark.hub.HubException;
import io.bulwark.hub.security.fleetaudit.AuditFinding;
import io.bulwark.hub.security.fleetaudit.CheckResult;
import io.bulwark.hub.security.fleetaudit.FleetAuditReport;
import io.bulwark.hub.security.fleetaudit.FleetAuditor;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.util.List;

/**
 * The fleet audit (S-MON-3): start a run ({@code POST /fleetAudits}, 202 with the report's id, the run goes on in the
 * background), list the runs, read one report or the latest. {@code AuditRead}, an owner-only permission: a report is
 * a map of the fleet's weak spots.
 */
final class FleetAuditRoutes {

    private final FleetAuditor auditor;
    private final ObjectMapper json;

    FleetAuditRoutes(FleetAuditor auditor, ObjectMapper json) {
        this.auditor = auditor;
        this.json = json;
    }

    List<Route> routes() {
        return List.of(
                Route.of(HandlerType.POST, "/fleetAudits", AUDIT_READ, "fleetAudit.run", this::start),
                Route.of(HandlerType.GET, "/fleetAudits", AUDIT_READ, "fleetAudit.list", this::list),
                Route.of(HandlerType.GET, "/fleetAudits/{id}", AUDIT_READ, "fleetAudit.read", this::get));
    }

    private void start(Context ctx) {
        FleetAuditReport report = auditor.start(RequestGuard.actor(ctx), FleetAuditor.REQUEST);
        ctx.status(202).header("Location", "/fleetAudits/" + report.id());
        ctx.contentType("application/json").result(write(report).toString());
    }

    private void get(Context ctx) {
        String id = ctx.pathParam("id");
        FleetAuditReport report = "latest".equals(id) ? auditor.latest() : auditor.get(id);
        ctx.contentType("application/json").result(write(report).toString());
    }

    private void list(Context ctx) {
        String size = ctx.queryParam("pageSize");
        int limit;
        try {
            limit = size == null ? 20 : Integer.parseInt(size);
        } catch (NumberFormatException e) {
            throw new HubException.Invalid("invalid-page-size", "pageSize must be 1..1000");
        }
        ArrayNode array = json.createArrayNode();
        for (FleetAuditReport report : auditor.list(limit)) {
            array.add(summary(report));
        }
        ctx.contentType("application/json").result(array.toString());
    }

    private ObjectNode summary(FleetAuditReport report) {
        return json.createObjectNode()
                .put("id", report.id())
                .put("state", report.state().wireName())
                .put("trigger", report.trigger())
                .put("actor", report.actor())
                .put("started", report.startedTime().toString())
                .put("finished", report.finishedTime() == null ? null : report.finishedTime().toString())
                .put("periodFrom", report.period().from().toString())
                .put("periodTo", report.period().to().toString())
                .put("findingCount", report.findingCount());
    }

    private ObjectNode write(FleetAuditReport report) {
        ObjectNode node = summary(report);
        ArrayNode checks = node.putArray("checks");
        for (CheckResult result : report.results()) {
            ObjectNode check = checks.addObject().put("check", result.check()).put("rule", result.rule())
                    .put("error", result.error());
            ArrayNode findings = check.putArray("findings");
            for (AuditFinding finding : result.findings()) {
                findings.addObject().put("check", finding.check()).put("severity", finding.severity().wireName())
                        .put("target", finding.target()).put("message", finding.message());
            }
        }
        return node;
    }
}
