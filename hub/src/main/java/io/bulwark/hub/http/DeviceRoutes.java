package io.bulwark.hub.http;

import static io.bulwark.hub.auth.Permission.REGISTRY_READ;
import static io.bulwark.hub.auth.Permission.REGISTRY_WRITE;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.bulwark.hub.registry.Device;
import io.bulwark.hub.registry.DevicePage;
import io.bulwark.hub.registry.DeviceQuery;
import io.bulwark.hub.registry.DeviceRegistry;
import io.bulwark.hub.registry.DeviceStatus;
import io.bulwark.hub.registry.IdentityId;
import io.bulwark.hub.registry.KeySlot;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.util.List;

/** Devices and modules of the identity registry: {@code /devices/{id}} and {@code /devices/{id}/modules/{mid}}. */
final class DeviceRoutes {

    private final DeviceRegistry registry;
    private final DeviceJson devices;
    private final RequestBodies bodies;
    private final ObjectMapper json;

    DeviceRoutes(DeviceRegistry registry, DeviceJson devices, RequestBodies bodies, ObjectMapper json) {
        this.registry = registry;
        this.devices = devices;
        this.bodies = bodies;
        this.json = json;
    }

    List<Route> routes() {
        return List.of(
                Route.of(HandlerType.GET, "/devices", REGISTRY_READ, "device.list", this::list),
                Route.of(HandlerType.PUT, "/devices/{id}", REGISTRY_WRITE, "device.write", this::put),
                Route.of(HandlerType.GET, "/devices/{id}", REGISTRY_READ, "device.read-keys", this::get),
                Route.of(HandlerType.DELETE, "/devices/{id}", REGISTRY_WRITE, "device.delete", this::delete),
                Route.of(HandlerType.POST, "/devices/{id}/regenerateKey", REGISTRY_WRITE, "device.regenerate-key",
                        this::regenerateKey),
                Route.of(HandlerType.GET, "/devices/{id}/modules", REGISTRY_READ, "module.list", this::modules),
                Route.of(HandlerType.PUT, "/devices/{id}/modules/{mid}", REGISTRY_WRITE, "module.write", this::put),
                Route.of(HandlerType.GET, "/devices/{id}/modules/{mid}", REGISTRY_READ, "module.read-keys", this::get),
                Route.of(HandlerType.DELETE, "/devices/{id}/modules/{mid}", REGISTRY_WRITE, "module.delete",
                        this::delete),
                Route.of(HandlerType.POST, "/devices/{id}/modules/{mid}/regenerateKey", REGISTRY_WRITE,
                        "module.regenerate-key", this::regenerateKey));
    }

    /** Creates without If-Match; replaces with If-Match (an etag, or * for whatever is there). */
    private void put(Context ctx) {
        IdentityId id = identity(ctx);
        JsonNode body = bodies.jsonObject(ctx);
        String ifMatch = ctx.header("If-Match");
        Device stored = ifMatch == null
                ? registry.create(RequestGuard.actor(ctx), devices.read(body, id))
                : registry.update(RequestGuard.actor(ctx), devices.read(body, id), ifMatch);
        answer(ctx, stored, true);
    }

    private void get(Context ctx) {
        answer(ctx, registry.getWithKeys(RequestGuard.actor(ctx), identity(ctx)), true);
    }

    private void delete(Context ctx) {
        registry.delete(RequestGuard.actor(ctx), identity(ctx), ctx.header("If-Match"));
        ctx.status(204);
    }

    private void regenerateKey(Context ctx) {
        JsonNode body = bodies.jsonObject(ctx);
        JsonNode key = body.get("key");
        KeySlot slot = KeySlot.fromWire(key == null || !key.isTextual() ? null : key.asText());
        answer(ctx, registry.regenerateKey(RequestGuard.actor(ctx), identity(ctx), slot), true);
    }

    private void list(Context ctx) {
        String tag = ctx.queryParam("tag");
        String tagName = tag == null ? null : tag.split(":", 2)[0];
        String tagValue = tag == null || !tag.contains(":") ? null : tag.split(":", 2)[1];
        String status = ctx.queryParam("status");
        DeviceQuery query = new DeviceQuery(status == null ? null : DeviceStatus.fromWire(status), tagName, tagValue,
                ctx.queryParam("parent"), ContinuationTokens.decode(ctx.queryParam("continuationToken")),
                ContinuationTokens.pageSize(ctx.queryParam("pageSize"), DeviceQuery.DEFAULT_LIMIT,
                        DeviceQuery.MAX_LIMIT));
        DevicePage page = registry.list(query);
        if (page.hasMore()) {
            ctx.header(ContinuationTokens.HEADER, ContinuationTokens.encode(page.continuationToken()));
        }
        ArrayNode array = json.createArrayNode();
        page.devices().forEach(device -> array.add(devices.write(device, false)));
        ctx.contentType("application/json").result(array.toString());
    }

    private void modules(Context ctx) {
        ArrayNode array = json.createArrayNode();
        registry.modules(IdentityId.device(ctx.pathParam("id")).deviceId())
                .forEach(module -> array.add(devices.write(module, false)));
        ctx.contentType("application/json").result(array.toString());
    }

    private void answer(Context ctx, Device device, boolean withKeys) {
        ctx.header("ETag", "\"" + device.etag() + "\"");
        ctx.contentType("application/json").result(devices.write(device, withKeys).toString());
    }

    private static IdentityId identity(Context ctx) {
        String moduleId = ctx.pathParamMap().get("mid");
        return new IdentityId(ctx.pathParam("id"), moduleId);
    }
}
