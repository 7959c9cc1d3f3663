package io.bulwark.hub.http;

import static io.bulwark.hub.auth.Permission.ALERT_READ;
import static io.bulwark.hub.auth.Permission.ALERT_WRITE;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.bulwark.hub.HubException;
import io.bulwark.hub.audit.AuditOutcome;
import io.bulwark.hub.security.SourceBlocklist;
import io.bulwark.hub.security.SourceVerdict;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.util.List;

/**
 * Source addresses slowed down or blocked for failing to authenticate (S-AUTH-7): list them (AlertRead), and end one
 * early (AlertWrite, audited), e.g. after fixing a misconfigured device that kept presenting an old key.
 */
final class BlockedSourceRoutes {

    private final SourceBlocklist blocklist;
    private final io.bulwark.hub.audit.AuditLog audit;
    private final ObjectMapper json;

    BlockedSourceRoutes(SourceBlocklist blocklist, io.bulwark.hub.audit.AuditLog audit, ObjectMapper json) {
        this.blocklist = blocklist;
        this.audit = audit;
        this.json = json;
    }

    List<Route> routes() {
        return List.of(
                Route.of(HandlerType.GET, "/security/blocked-sources", ALERT_READ, "security.blocked-sources",
                        this::list),
                Route.of(HandlerType.DELETE, "/security/blocked-sources/{address}", ALERT_WRITE,
                        "security.source-unblocked", this::unblock));
    }

    private void list(Context ctx) {
        ArrayNode array = json.createArrayNode();
        blocklist.current().forEach((source, verdict) -> array.addObject()
                .put("source", source)
                .put("state", verdict.kind() == SourceVerdict.Kind.BLOCKED ? "blocked" : "slowed")
                .put("until", verdict.until().toString()));
        ctx.contentType("application/json").result(array.toString());
    }

    private void unblock(Context ctx) {
        String source = ctx.pathParam("address");
        if (!blocklist.unblock(RequestGuard.actor(ctx), source)) {
            audit.record(RequestGuard.actor(ctx), "security.source-unblocked", "source:" + source,
                    AuditOutcome.FAILURE, "source-not-blocked");
            throw new HubException.NotFound("source-not-blocked", "this source address is neither slowed nor blocked");
        }
        ctx.status(204);
    }
}
