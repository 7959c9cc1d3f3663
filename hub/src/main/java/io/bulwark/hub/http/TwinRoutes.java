package io.bulwark.hub.http;

import static io.bulwark.hub.auth.Permission.REGISTRY_READ;
import static io.bulwark.hub.auth.Permission.REGISTRY_WRITE;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bulwark.hub.HubException;
import io.bulwark.hub.registry.Device;
import io.bulwark.hub.registry.DeviceRegistry;
import io.bulwark.hub.registry.IdentityId;
import io.bulwark.hub.twin.Twin;
import io.bulwark.hub.twin.TwinService;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Azure-shaped twins: {@code GET/PATCH /twins/{id}} (and for modules). A PATCH merges tags and desired properties;
 * reported properties belong to the device and are refused here.
 */
final class TwinRoutes {

    private final TwinService twins;
    private final DeviceRegistry registry;
    private final RequestBodies bodies;
    private final ObjectMapper json;

    TwinRoutes(TwinService twins, DeviceRegistry registry, RequestBodies bodies, ObjectMapper json) {
        this.twins = twins;
        this.registry = registry;
        this.bodies = bodies;
        this.json = json;
    }

    List<Route> routes() {
        return List.of(
                Route.of(HandlerType.GET, "/twins/{id}", REGISTRY_READ, "twin.read", this::get),
                Route.of(HandlerType.PATCH, "/twins/{id}", REGISTRY_WRITE, "twin.update", this::patch),
                Route.of(HandlerType.GET, "/twins/{id}/modules/{mid}", REGISTRY_READ, "twin.read", this::get),
                Route.of(HandlerType.PATCH, "/twins/{id}/modules/{mid}", REGISTRY_WRITE, "twin.update", this::patch));
    }

    private void get(Context ctx) {
        IdentityId id = identity(ctx);
        answer(ctx, registry.get(id), twins.get(id));
    }

    private void patch(Context ctx) {
        IdentityId id = identity(ctx);
        JsonNode body = bodies.jsonObject(ctx);
        JsonNode properties = body.path("properties");
        if (properties.has("reported")) {
            throw new HubException.Invalid("reported-is-read-only", "reported properties are written by the device");
        }
        Map<String, String> tagPatch = tags(body.get("tags"));
        JsonNode desired = properties.get("desired");
        if (tagPatch.isEmpty() && desired == null) {
            throw new HubException.Invalid("invalid-twin-patch", "a twin patch holds tags or properties.desired");
        }
        if (!tagPatch.isEmpty()) {
            registry.mergeTags(RequestGuard.actor(ctx), id, tagPatch);
        }
        Twin twin = desired == null ? twins.get(id) : twins.patchDesired(RequestGuard.actor(ctx), id, desired);
        answer(ctx, registry.get(id), twin);
    }

    private void answer(Context ctx, Device device, Twin twin) {
        ObjectNode document = json.createObjectNode()
                .put("deviceId", device.id().deviceId())
                .put("moduleId", device.id().moduleId())
                .put("etag", device.etag())
                .put("version", twin.desiredVersion() + twin.reportedVersion())
                .put("status", device.status().wireName());
        ObjectNode tags = document.putObject("tags");
        device.tags().forEach(tags::put);
        ObjectNode properties = document.putObject("properties");
        properties.set("desired", section(twin.desired(), twin.desiredMetadata(), twin.desiredVersion()));
        properties.set("reported", section(twin.reported(), twin.reportedMetadata(), twin.reportedVersion()));
        ctx.contentType("application/json").result(document.toString());
    }

    private static ObjectNode section(ObjectNode values, ObjectNode metadata, long version) {
        values.set("$metadata", metadata);
        values.put("$version", version);
        return values;
    }

    /** Tag patches carry strings, or null to remove a tag. */
    private static Map<String, String> tags(JsonNode tags) {
        Map<String, String> patch = new LinkedHashMap<>();
        if (tags == null || tags.isNull()) {
            return patch;
        }
        if (!tags.isObject()) {
            throw new HubException.Invalid("invalid-json", "tags must be an object");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = tags.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> tag = it.next();
            if (!tag.getValue().isTextual() && !tag.getValue().isNull()) {
                throw new HubException.Invalid("invalid-json", "tags." + tag.getKey() + " must be a string or null");
            }
            patch.put(tag.getKey(), tag.getValue().isNull() ? null : tag.getValue().asText());
        }
        return patch;
    }

    private static IdentityId identity(Context ctx) {
        return new IdentityId(ctx.pathParam("id"), ctx.pathParamMap().get("mid"));
    }
}
