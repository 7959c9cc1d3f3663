package io.bulwark.hub.http;

import static io.bulwark.hub.auth.Permission.SERVICE_CONNECT;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.bulwark.hub.HubException;
import io.bulwark.hub.c2d.C2dMessage;
import io.bulwark.hub.c2d.CloudToDevice;
import io.bulwark.hub.c2d.FeedbackMode;
import io.bulwark.hub.c2d.FeedbackRecord;
import io.bulwark.hub.registry.IdentityId;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Cloud-to-device messages over REST (Azure offers this only over AMQP). The request body is the message body;
 * headers carry the rest: {@code iothub-messageid}, {@code iothub-correlationid}, {@code iothub-ack},
 * {@code iothub-ttl} (seconds), {@code Content-Type}, and one {@code iothub-app-{name}} per application property.
 */
final class CloudToDeviceRoutes {

    private static final int DEFAULT_PAGE = 100;
    private static final int MAX_PAGE = 1000;

    private final CloudToDevice messages;
    private final RequestBodies bodies;
    private final ObjectMapper json;

    CloudToDeviceRoutes(CloudToDevice messages, RequestBodies bodies, ObjectMapper json) {
        this.messages = messages;
        this.bodies = bodies;
        this.json = json;
    }

    List<Route> routes() {
        return List.of(
                Route.of(HandlerType.POST, "/devices/{id}/messages/deviceBound", SERVICE_CONNECT, "c2d.send",
                        this::send),
                Route.of(HandlerType.POST, "/devices/{id}/modules/{mid}/messages/deviceBound", SERVICE_CONNECT,
                        "c2d.send", this::send),
                Route.of(HandlerType.DELETE, "/devices/{id}/commands", SERVICE_CONNECT, "c2d.purge", this::purge),
                Route.of(HandlerType.GET, "/messages/feedback", SERVICE_CONNECT, "c2d.feedback", this::feedback));
    }

    private void send(Context ctx) {
        IdentityId to = new IdentityId(ctx.pathParam("id"), ctx.pathParamMap().get("mid"));
        byte[] body = bodies.bytes(ctx);
        Map<String, String> properties = MessageHeaders.properties(ctx,
                Map.of("iothub-correlationid", "$.cid", "Content-Type", "$.ct"));
        if (properties.size() > 64) {
            throw new HubException.LimitExceeded("too-many-properties", "at most 64 properties per message");
        }
        C2dMessage queued = messages.send(RequestGuard.actor(ctx), to, body, properties,
                ctx.header("iothub-messageid"), ttl(ctx.header("iothub-ttl")),
                FeedbackMode.fromWire(ctx.header("iothub-ack")));
        ctx.status(202).contentType("application/json").result(json.createObjectNode()
                .put("messageId", queued.messageId())
                .put("expiryTime", queued.expiryTime().toString()).toString());
    }

    private void purge(Context ctx) {
        IdentityId device = IdentityId.device(ctx.pathParam("id"));
        int purged = messages.purge(RequestGuard.actor(ctx), device);
        ctx.contentType("application/json").result(json.createObjectNode()
                .put("deviceId", device.deviceId()).put("totalMessagesPurged", purged).toString());
    }

    private void feedback(Context ctx) {
        long after = parseLong(ctx.queryParam("after"), "after");
        int pageSize = ContinuationTokens.pageSize(ctx.queryParam("pageSize"), DEFAULT_PAGE, MAX_PAGE);
        List<FeedbackRecord> records = messages.feedback(after, pageSize);
        ArrayNode array = json.createArrayNode();
        for (FeedbackRecord record : records) {
            array.addObject()
                    .put("sequence", record.sequence())
                    .put("originalMessageId", record.originalMessageId())
                    .put("deviceId", record.deviceId())
                    .put("statusCode", record.status().wireName())
                    .put("enqueuedTimeUtc", record.enqueuedTime().toString());
        }
        if (!records.isEmpty()) {
            ctx.header(ContinuationTokens.HEADER, String.valueOf(records.get(records.size() - 1).sequence()));
        }
        ctx.contentType("application/json").result(array.toString());
    }

    private static Duration ttl(String seconds) {
        return seconds == null ? null : Duration.ofSeconds(parseLong(seconds, "iothub-ttl"));
    }

    private static long parseLong(String value, String name) {
        if (value == null || value.isBlank()) {
            return 0;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new HubException.Invalid("invalid-query", name + " must be a whole number");
        }
    }
}
