package io.bulwark.hub.http;

import static io.bulwark.hub.auth.Permission.ROUTE_WRITE;
import static io.bulwark.hub.auth.Permission.SERVICE_CONNECT;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bulwark.hub.HubException;
import io.bulwark.hub.stream.StreamName;
import io.bulwark.hub.webhook.CreatedWebhook;
import io.bulwark.hub.webhook.DeadLetter;
import io.bulwark.hub.webhook.DeliveryResult;
import io.bulwark.hub.webhook.WebhookFilter;
import io.bulwark.hub.webhook.WebhookRoute;
import io.bulwark.hub.webhook.WebhookSpec;
import io.bulwark.hub.webhook.Webhooks;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.io.IOException;
import java.util.List;

/**
 * Webhook routes under {@code /routes/webhooks} (docs/webhooks.md). ServiceConnect, like reading the streams: a
 * route only pushes what its holder could read anyway. The secret appears in the answers of create and
 * regenerateSecret only.
 */
final class WebhookRoutes {

    private static final JsonFields FIELDS = new JsonFields("invalid-json");

    private static final String BASE = "/routes/webhooks";
    private static final int DEFAULT_PAGE = 100;
    private static final int MAX_PAGE = 1000;

    private final Webhooks webhooks;
    private final RequestBodies bodies;
    private final ObjectMapper json;
    private final ProblemDocuments problems;

    WebhookRoutes(Webhooks webhooks, RequestBodies bodies, ObjectMapper json, ProblemDocuments problems) {
        this.webhooks = webhooks;
        this.bodies = bodies;
        this.json = json;
        this.problems = problems;
    }

    List<Route> routes() {
        return List.of(
                Route.of(HandlerType.POST, BASE, ROUTE_WRITE, "webhook.create", this::create),
                Route.of(HandlerType.GET, BASE, SERVICE_CONNECT, "webhook.list", this::list),
                Route.of(HandlerType.GET, BASE + "/{name}", SERVICE_CONNECT, "webhook.read", this::get),
                Route.of(HandlerType.DELETE, BASE + "/{name}", ROUTE_WRITE, "webhook.delete", this::delete),
                Route.of(HandlerType.POST, BASE + "/{name}/enable", ROUTE_WRITE, "webhook.enable",
                        ctx -> setEnabled(ctx, true)),
                Route.of(HandlerType.POST, BASE + "/{name}/disable", ROUTE_WRITE, "webhook.disable",
                        ctx -> setEnabled(ctx, false)),
                Route.of(HandlerType.POST, BASE + "/{name}/regenerateSecret", ROUTE_WRITE,
                        "webhook.regenerate-secret", this::regenerateSecret),
                Route.of(HandlerType.GET, BASE + "/{name}/deadLetters", SERVICE_CONNECT, "webhook.dead-letters",
                        this::deadLetters),
                Route.of(HandlerType.POST, BASE + "/{name}/deadLetters/{id}/replay", SERVICE_CONNECT,
                        "webhook.replay", this::replay),
                Route.of(HandlerType.DELETE, BASE + "/{name}/deadLetters/{id}", SERVICE_CONNECT, "webhook.purge",
                        this::purge));
    }

    private void create(Context ctx) {
        JsonNode body = bodies.jsonObject(ctx);
        JsonNode filter = body.path("filter");
        if (!filter.isMissingNode() && !filter.isNull() && !filter.isObject()) {
            throw invalid("filter must be an object");
        }
        WebhookFilter webhookFilter = new WebhookFilter(FIELDS.optionalText(filter, "deviceId"),
                FIELDS.optionalText(filter, "property"), FIELDS.optionalText(filter, "value"));
        WebhookSpec spec = new WebhookSpec(FIELDS.optionalText(body, "name"),
                stream(FIELDS.optionalText(body, "stream")), webhookFilter, FIELDS.optionalText(body, "url"),
                FIELDS.optionalText(body, "trustedCa"), maxAttempts(body), FIELDS.flag(body, "enabled", true),
                fromEarliest(FIELDS.optionalText(body, "startAt")));
        CreatedWebhook created = webhooks.create(RequestGuard.actor(ctx), spec);
        ctx.status(201).header("Location", BASE + "/" + created.route().name());
        send(ctx, routeDocument(created.route()).put("secret", created.secret().value()));
    }

    private void list(Context ctx) {
        ArrayNode array = json.createArrayNode();
        webhooks.list().forEach(route -> array.add(routeDocument(route)));
        ctx.contentType("application/json").result(array.toString());
    }

    private void get(Context ctx) {
        Webhooks.RouteState state = webhooks.get(ctx.pathParam("name"));
        send(ctx, routeDocument(state.route()).put("position", state.position())
                .put("deadLetterCount", state.deadLetters()));
    }

    private void delete(Context ctx) {
        webhooks.delete(RequestGuard.actor(ctx), ctx.pathParam("name"));
        ctx.status(204);
    }

    private void setEnabled(Context ctx, boolean enabled) {
        send(ctx, routeDocument(webhooks.setEnabled(RequestGuard.actor(ctx), ctx.pathParam("name"), enabled)));
    }

    private void regenerateSecret(Context ctx) {
        CreatedWebhook renewed = webhooks.regenerateSecret(RequestGuard.actor(ctx), ctx.pathParam("name"));
        send(ctx, routeDocument(renewed.route()).put("secret", renewed.secret().value()));
    }

    private void deadLetters(Context ctx) {
        long after = number(ctx.queryParam("after"), "after");
        int pageSize = ContinuationTokens.pageSize(ctx.queryParam("pageSize"), DEFAULT_PAGE, MAX_PAGE);
        List<DeadLetter> letters = webhooks.deadLetters(ctx.pathParam("name"), after, pageSize);
        ArrayNode array = json.createArrayNode();
        for (DeadLetter letter : letters) {
            ObjectNode node = array.addObject()
                    .put("id", letter.id())
                    .put("offset", letter.offset())
                    .put("deviceId", letter.deviceId())
                    .put("failedTime", letter.failedTime().toString())
                    .put("attempts", letter.attempts())
                    .put("lastStatus", letter.lastStatus())
                    .put("lastError", letter.lastError());
            node.set("message", payload(letter.payload()));
        }
        if (letters.size() == pageSize) {
            ctx.header(ContinuationTokens.HEADER, String.valueOf(letters.get(letters.size() - 1).id()));
        }
        ctx.contentType("application/json").result(array.toString());
    }

    private void replay(Context ctx) {
        DeliveryResult result = webhooks.replay(RequestGuard.actor(ctx), ctx.pathParam("name"),
                id(ctx.pathParam("id")));
        if (result.delivered()) {
            send(ctx, json.createObjectNode().put("delivered", true).put("status", result.status()));
        } else {
            // The hub did its part; the receiver did not take the message: a gateway failure, as proxies report.
            problems.send(ctx, 502, "replay-failed", "not delivered: " + result.error()
                    + "; the dead letter stays, with this attempt counted");
        }
    }

    private void purge(Context ctx) {
        webhooks.purge(RequestGuard.actor(ctx), ctx.pathParam("name"), id(ctx.pathParam("id")));
        ctx.status(204);
    }

    private ObjectNode routeDocument(WebhookRoute route) {
        ObjectNode node = json.createObjectNode()
                .put("name", route.name())
                .put("stream", route.stream().wireName())
                .put("url", route.url().toString());
        node.putObject("filter")
                .put("deviceId", route.filter().deviceId())
                .put("property", route.filter().propertyName())
                .put("value", route.filter().propertyValue());
        return node.put("trustedCa", route.trustedCaPem())
                .put("maxAttempts", route.maxAttempts())
                .put("enabled", route.enabled())
                .put("createdTime", route.createdTime().toString());
    }

    private JsonNode payload(byte[] payload) {
        try {
            return json.readTree(payload);
        } catch (IOException e) {
            throw new IllegalStateException("a dead letter holds a body the hub did not write", e);
        }
    }

    private static void send(Context ctx, ObjectNode document) {
        ctx.contentType("application/json").result(document.toString());
    }

    private static StreamName stream(String value) {
        if (value == null) {
            throw invalid("stream is required: telemetry or security");
        }
        try {
            return StreamName.fromWire(value);
        } catch (HubException.NotFound e) {
            throw new HubException.Invalid("invalid-webhook-stream", "stream must be telemetry or security");
        }
    }

    private static boolean fromEarliest(String startAt) {
        if (startAt == null || startAt.equals("latest")) {
            return false;
        }
        if (startAt.equals("earliest")) {
            return true;
        }
        throw invalid("startAt must be latest or earliest");
    }

    private static int maxAttempts(JsonNode body) {
        JsonNode value = body.get("maxAttempts");
        if (value == null || value.isNull()) {
            return WebhookRoute.DEFAULT_MAX_ATTEMPTS;
        }
        if (!value.isInt()) {
            throw invalid("maxAttempts must be a whole number");
        }
        return value.asInt();
    }

    private static long id(String value) {
        long id = number(value, "dead letter id");
        if (id < 1) {
            throw new HubException.Invalid("invalid-id", "dead letter ids are whole numbers from 1");
        }
        return id;
    }

    private static long number(String value, String name) {
        if (value == null || value.isBlank()) {
            return 0;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new HubException.Invalid("invalid-query", name + " must be a whole number");
        }
    }

    private static HubException.Invalid invalid(String message) {
        return FIELDS.invalid(message);
    }
}
