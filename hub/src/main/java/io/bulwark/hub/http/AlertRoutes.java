package io.bulwark.hub.http;

import static io.bulwark.hub.auth.Permission.ALERT_READ;
import static io.bulwark.hub.auth.Permission.ALERT_WRITE;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bulwark.hub.HubException;
import io.bulwark.hub.security.alert.Alert;
import io.bulwark.hub.security.alert.AlertDocument;
import io.bulwark.hub.security.alert.AlertQuery;
import io.bulwark.hub.security.alert.AlertSeverity;
import io.bulwark.hub.security.alert.AlertState;
import io.bulwark.hub.security.alert.Alerts;
import io.bulwark.hub.security.response.AlertResponses;
import io.bulwark.hub.security.response.ResponseAction;
import io.bulwark.hub.security.response.ResponseRequest;
import io.bulwark.protocol.identity.IdentityRules;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Security alerts: {@code GET /alerts} (filtered, newest first, paged with {@code x-ms-continuation}),
 * {@code GET /alerts/{id}}, acknowledge, resolve, and response actions. Reading needs AlertRead; changing an alert and
 * acting on it need AlertWrite (owner-only permissions, like AuditRead: alerts tell where the fleet is weak, and
 * actions disable devices and block sources).
 */
final class AlertRoutes {

    private static final int DEFAULT_PAGE = 100;

    private final Alerts alerts;
    private final AlertResponses responses;
    private final RequestBodies bodies;
    private final ObjectMapper json;

    AlertRoutes(Alerts alerts, AlertResponses responses, RequestBodies bodies, ObjectMapper json) {
        this.alerts = alerts;
        this.responses = responses;
        this.bodies = bodies;
        this.json = json;
    }

    List<Route> routes() {
        return List.of(
                Route.of(HandlerType.GET, "/alerts", ALERT_READ, "alert.list", this::list),
                Route.of(HandlerType.GET, "/alerts/{id}", ALERT_READ, "alert.read", this::get),
                Route.of(HandlerType.POST, "/alerts/{id}/acknowledge", ALERT_WRITE, "alert.acknowledge",
                        this::acknowledge),
                Route.of(HandlerType.POST, "/alerts/{id}/resolve", ALERT_WRITE, "alert.resolve", this::resolve),
                Route.of(HandlerType.POST, "/alerts/{id}/actions", ALERT_WRITE, "alert.action", this::act));
    }

    private void list(Context ctx) {
        int pageSize = ContinuationTokens.pageSize(ctx.queryParam("pageSize"), DEFAULT_PAGE, AlertQuery.MAX_LIMIT);
        String deviceId = ctx.queryParam("deviceId");
        if (deviceId != null && !IdentityRules.isValidId(deviceId)) {
            throw new HubException.Invalid("invalid-query", "deviceId is not a valid device id");
        }
        String state = ctx.queryParam("state");
        String severity = ctx.queryParam("severity");
        AlertQuery query = new AlertQuery(state == null ? null : AlertState.fromWire(state),
                severity == null ? null : AlertSeverity.fromWire(severity), deviceId, ctx.queryParam("rule"),
                DeviceJson.parseInstant(ctx.queryParam("since"), "since"),
                cursor(ctx.queryParam("continuationToken"), ctx.header(ContinuationTokens.HEADER)), pageSize);
        List<Alert> page = alerts.list(query);
        if (page.size() == pageSize) {
            ctx.header(ContinuationTokens.HEADER, ContinuationTokens.encode(String.valueOf(
                    page.get(page.size() - 1).id())));
        }
        ctx.contentType("application/json").result(write(page.stream().map(AlertDocument::of).toList()));
    }

    private void get(Context ctx) {
        answer(ctx, alerts.get(id(ctx)));
    }

    /** Body (optional): {@code {"note": "..."}}. */
    private void acknowledge(Context ctx) {
        answer(ctx, alerts.acknowledge(RequestGuard.actor(ctx), id(ctx), note(bodies.jsonObject(ctx))));
    }

    private void resolve(Context ctx) {
        answer(ctx, alerts.resolve(RequestGuard.actor(ctx), id(ctx), note(bodies.jsonObject(ctx))));
    }

    /** Body: {@code {"action": "blockSource", "periodSeconds": 3600}} or another action (docs/security-alerts.md). */
    private void act(Context ctx) {
        long id = id(ctx);
        JsonNode body = bodies.jsonObject(ctx);
        ResponseRequest request = new ResponseRequest(ResponseAction.fromWire(text(body, "action")),
                period(body.get("periodSeconds")), text(body, "thumbprint"));
        String done = responses.take(RequestGuard.actor(ctx), id, request);
        ctx.contentType("application/json").result(write(Map.of("alertId", String.valueOf(id),
                "action", request.action().wireName(), "result", done)));
    }

    private void answer(Context ctx, Alert alert) {
        ctx.contentType("application/json").result(write(AlertDocument.of(alert)));
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot encode an alert", e);
        }
    }

    private static long id(Context ctx) {
        try {
            long id = Long.parseLong(ctx.pathParam("id"));
            if (id > 0) {
                return id;
            }
        } catch (NumberFormatException ignored) {
            // answered below
        }
        throw new HubException.NotFound("alert-not-found", "alert ids are positive numbers");
    }

    private static long cursor(String parameter, String header) {
        String token = parameter != null ? parameter : header;
        String cursor = ContinuationTokens.decode(token);
        if (cursor == null) {
            return 0;
        }
        try {
            return Long.parseLong(cursor);
        } catch (NumberFormatException e) {
            throw new HubException.Invalid("invalid-continuation-token", "continuationToken is not one the hub issued");
        }
    }

    private static String note(JsonNode body) {
        return text(body, "note");
    }

    private static Duration period(JsonNode value) {
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.canConvertToLong() || !value.isIntegralNumber()) {
            throw new HubException.Invalid("invalid-period", "periodSeconds must be a whole number of seconds");
        }
        return Duration.ofSeconds(value.asLong());
    }

    private static String text(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new HubException.Invalid("invalid-json", field + " must be a string");
        }
        return value.asText();
    }
}
