package io.bulwark.hub.http;

import static io.bulwark.hub.auth.Permission.SERVICE_CONNECT;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bulwark.hub.HubException;
import io.bulwark.hub.methods.DirectMethods;
import io.bulwark.hub.methods.MethodResult;
import io.bulwark.hub.registry.IdentityId;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * {@code POST /twins/{id}/methods} (and for modules): invoke a direct method, Azure-shaped. The HTTP request waits
 * asynchronously for the device's answer; no thread is held.
 */
final class MethodRoutes {

    private static final int DEFAULT_RESPONSE_TIMEOUT = 30;

    private final DirectMethods methods;
    private final RequestBodies bodies;
    private final ObjectMapper json;
    private final ProblemDocuments problems;

    MethodRoutes(DirectMethods methods, RequestBodies bodies, ObjectMapper json, ProblemDocuments problems) {
        this.methods = methods;
        this.bodies = bodies;
        this.json = json;
        this.problems = problems;
    }

    List<Route> routes() {
        return List.of(
                Route.of(HandlerType.POST, "/twins/{id}/methods", SERVICE_CONNECT, "method.invoke", this::invoke),
                Route.of(HandlerType.POST, "/twins/{id}/modules/{mid}/methods", SERVICE_CONNECT, "method.invoke",
                        this::invoke));
    }

    private void invoke(Context ctx) {
        IdentityId target = new IdentityId(ctx.pathParam("id"), ctx.pathParamMap().get("mid"));
        JsonNode body = bodies.jsonObject(ctx);
        JsonNode name = body.get("methodName");
        if (name == null || !name.isTextual()) {
            throw new HubException.Invalid("invalid-json", "methodName must be a string");
        }
        byte[] payload = body.has("payload") ? body.get("payload").toString().getBytes(StandardCharsets.UTF_8)
                : new byte[0];
        Duration response = Duration.ofSeconds(seconds(body, "responseTimeoutInSeconds", DEFAULT_RESPONSE_TIMEOUT));
        Duration connect = Duration.ofSeconds(seconds(body, "connectTimeoutInSeconds", 0));
        CompletableFuture<MethodResult> answer = methods.invoke(target, name.asText(), payload, response, connect);
        ctx.future(() -> answer.handle((result, failure) -> {
            if (failure == null) {
                ctx.contentType("application/json").result(resultDocument(result));
            } else {
                Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause() : failure;
                if (cause instanceof DirectMethods.MethodTimeoutException) {
                    problems.send(ctx, 504, "method-timeout", cause.getMessage());
                } else if (cause instanceof HubException hub) {
                    problems.send(ctx, ProblemDocuments.statusOf(hub), hub.type(), hub.getMessage());
                } else {
                    problems.send(ctx, 500, "internal-error", "the method call failed");
                }
            }
            return null;
        }));
    }

    private String resultDocument(MethodResult result) {
        ObjectNode document = json.createObjectNode().put("status", result.status());
        byte[] payload = result.payload();
        if (payload.length == 0) {
            document.putNull("payload");
        } else {
            try {
                document.set("payload", json.readTree(payload));
            } catch (IOException notJson) {
                // The protocol asks for JSON; a device that sends something else still has its answer passed on.
                document.put("payload", new String(payload, StandardCharsets.UTF_8));
            }
        }
        return document.toString();
    }

    private static long seconds(JsonNode body, String field, int defaultValue) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return defaultValue;
        }
        if (!value.canConvertToLong()) {
            throw new HubException.Invalid("invalid-json", field + " must be a whole number of seconds");
        }
        return value.asLong();
    }
}
