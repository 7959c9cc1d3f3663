package io.bulwark.hub.http;

import static io.bulwark.hub.auth.Permission.DEVICE_CONNECT;

import io.bulwark.hub.HubException;
import io.bulwark.hub.auth.AuthenticatedDevice;
import io.bulwark.hub.c2d.C2dMessage;
import io.bulwark.hub.c2d.CloudToDevice;
import io.bulwark.hub.messaging.TelemetryIngest;
import io.bulwark.hub.registry.IdentityId;
import io.bulwark.protocol.mqtt.TelemetryTopic;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;

/**
 * Azure's HTTPS device API, for devices that cannot keep an MQTT connection: send telemetry, fetch a
 * cloud-to-device message (locked for a minute under its ETag), then complete, reject or abandon it.
 */
final class DeviceApiRoutes {

    /** System properties a device may set on HTTPS telemetry, in the order they are stored. */
    private static final Map<String, String> TELEMETRY_HEADERS = orderedMap("iothub-messageid", "$.mid",
            "iothub-correlationid", "$.cid", "Content-Type", "$.ct", "iothub-contentencoding", "$.ce");

    private final TelemetryIngest telemetry;
    private final CloudToDevice messages;
    private final RequestBodies bodies;
    private final DeviceMessageLocks locks;

    DeviceApiRoutes(TelemetryIngest telemetry, CloudToDevice messages, RequestBodies bodies,
                    DeviceMessageLocks locks) {
        this.telemetry = telemetry;
        this.messages = messages;
        this.bodies = bodies;
        this.locks = locks;
    }

    List<Route> routes() {
        return List.of(
                Route.of(HandlerType.POST, "/devices/{id}/messages/events", DEVICE_CONNECT, "device.send",
                        this::send),
                Route.of(HandlerType.GET, "/devices/{id}/messages/deviceBound", DEVICE_CONNECT, "device.receive",
                        this::receive),
                Route.of(HandlerType.DELETE, "/devices/{id}/messages/deviceBound/{etag}", DEVICE_CONNECT,
                        "device.complete", this::completeOrReject),
                Route.of(HandlerType.POST, "/devices/{id}/messages/deviceBound/{etag}/abandon", DEVICE_CONNECT,
                        "device.abandon", this::abandon));
    }

    /** Answers 204 once the message is durable, as a PUBACK does over MQTT. */
    private void send(Context ctx) throws InterruptedException {
        AuthenticatedDevice device = RequestGuard.device(ctx);
        byte[] body = bodies.bytes(ctx);
        Map<String, String> properties = MessageHeaders.properties(ctx, TELEMETRY_HEADERS);
        try {
            telemetry.accept(device, new TelemetryTopic(device.id().deviceId(), device.id().moduleId(), properties),
                    body, "https", false).get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("telemetry could not be stored", e.getCause());
        }
        ctx.status(204);
    }

    private void receive(Context ctx) {
        IdentityId device = RequestGuard.device(ctx).id();
        Set<String> locked = locks.lockedFor(device);
        List<C2dMessage> next = messages.nextForDelivery(device, locked, 1);
        if (next.isEmpty()) {
            ctx.status(204);
            return;
        }
        C2dMessage message = next.get(0);
        messages.delivered(device, message.messageId());
        ctx.header("ETag", "\"" + locks.lock(device, message.messageId()) + "\"");
        ctx.header("iothub-messageid", message.messageId());
        ctx.header("iothub-enqueuedtime", message.enqueuedTime().toString());
        ctx.header("iothub-expiry", message.expiryTime().toString());
        ctx.header("iothub-deliverycount", String.valueOf(message.deliveryCount() + 1));
        ctx.header("iothub-ack", message.feedback().wireName());
        message.properties().forEach((key, value) -> {
            if (key.equals("$.cid")) {
                ctx.header("iothub-correlationid", value);
            } else if (key.equals("$.ct")) {
                ctx.contentType(value);
            } else if (!key.startsWith("$.")) {
                ctx.header(MessageHeaders.APP_PREFIX + key, value);
            }
        });
        ctx.status(200).result(message.body());
    }

    /** {@code DELETE .../{etag}} completes; with {@code ?reject} it rejects (Azure's form). */
    private void completeOrReject(Context ctx) {
        IdentityId device = RequestGuard.device(ctx).id();
        String messageId = locked(ctx, device);
        if (ctx.queryParamMap().containsKey("reject")) {
            messages.reject(device, messageId);
        } else {
            messages.complete(device, messageId);
        }
        ctx.status(204);
    }

    private void abandon(Context ctx) {
        locked(ctx, RequestGuard.device(ctx).id());
        ctx.status(204);
    }

    private String locked(Context ctx, IdentityId device) {
        String token = ctx.pathParam("etag").replace("\"", "");
        return locks.release(device, token).orElseThrow(() -> new HubException.PreconditionFailed("lock-lost",
                "no message is locked under this ETag (unknown, already settled, or its lock expired)"));
    }

    private static Map<String, String> orderedMap(String... pairs) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return map;
    }
}
