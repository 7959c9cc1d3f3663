package io.bulwark.hub.http;

import static io.bulwark.hub.auth.Permission.AUDIT_READ;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.bulwark.hub.HubException;
import io.bulwark.hub.audit.AuditLog;
import io.bulwark.hub.audit.AuditOutcome;
import io.bulwark.hub.audit.AuditQuery;
import io.bulwark.hub.audit.AuditRecord;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.util.List;

/** {@code GET /audit}: the audit log, oldest first, filtered and paged by sequence number. */
final class AuditRoutes {

    private static final int DEFAULT_PAGE = 100;

    private final AuditLog audit;
    private final ObjectMapper json;

    AuditRoutes(AuditLog audit, ObjectMapper json) {
        this.audit = audit;
        this.json = json;
    }

    List<Route> routes() {
        return List.of(Route.of(HandlerType.GET, "/audit", AUDIT_READ, "audit.read", this::query));
    }

    private void query(Context ctx) {
        int pageSize = ContinuationTokens.pageSize(ctx.queryParam("pageSize"), DEFAULT_PAGE, AuditQuery.MAX_LIMIT);
        AuditQuery query = new AuditQuery(ctx.queryParam("actor"), ctx.queryParam("action"),
                ctx.queryParam("target"), outcome(ctx.queryParam("outcome")),
                DeviceJson.parseInstant(ctx.queryParam("from"), "from"),
                DeviceJson.parseInstant(ctx.queryParam("to"), "to"), after(ctx.queryParam("after")), pageSize);
        List<AuditRecord> records = audit.query(query);
        if (records.size() == pageSize) {
            ctx.header(ContinuationTokens.HEADER, String.valueOf(records.get(records.size() - 1).sequence()));
        }
        ArrayNode array = json.createArrayNode();
        for (AuditRecord record : records) {
            array.addObject()
                    .put("sequence", record.sequence())
                    .put("time", record.time().toString())
                    .put("actor", record.actor())
                    .put("action", record.action())
                    .put("target", record.target())
                    .put("outcome", record.outcome().wireName())
                    .put("source", record.source())
                    .put("detail", record.detail())
                    .put("previousHash", record.previousHash())
                    .put("hash", record.hash());
        }
        ctx.contentType("application/json").result(array.toString());
    }

    private static AuditOutcome outcome(String value) {
        if (value == null) {
            return null;
        }
        try {
            return AuditOutcome.fromWire(value);
        } catch (IllegalArgumentException e) {
            throw new HubException.Invalid("invalid-query", "outcome must be success, denied or failure");
        }
    }

    private static long after(String value) {
        if (value == null || value.isBlank()) {
            return 0;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new HubException.Invalid("invalid-query", "after must be a sequence number");
        }
    }
}
