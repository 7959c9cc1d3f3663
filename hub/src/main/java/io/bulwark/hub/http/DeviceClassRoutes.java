package io.bulwark.hub.http;

import static io.bulwark.hub.auth.Permission.REGISTRY_READ;
import static io.bulwark.hub.auth.Permission.REGISTRY_WRITE;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bulwark.hub.HubException;
import io.bulwark.hub.security.posture.AllowedPort;
import io.bulwark.hub.security.posture.Baseline;
import io.bulwark.hub.security.posture.DeviceClass;
import io.bulwark.hub.security.posture.DeviceClasses;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Device classes and their posture baselines ({@code /deviceClasses/{name}}), S-MON-2. Registry permissions: a class
 * is registry configuration. PUT creates or replaces ({@code If-Match} optional), answers carry an ETag.
 */
final class DeviceClassRoutes {

    private static final JsonFields FIELDS = new JsonFields("invalid-baseline");

    private final DeviceClasses classes;
    private final RequestBodies bodies;
    private final ObjectMapper json;

    DeviceClassRoutes(DeviceClasses classes, RequestBodies bodies, ObjectMapper json) {
        this.classes = classes;
        this.bodies = bodies;
        this.json = json;
    }

    List<Route> routes() {
        return List.of(
                Route.of(HandlerType.GET, "/deviceClasses", REGISTRY_READ, "deviceClass.list", this::list),
                Route.of(HandlerType.PUT, "/deviceClasses/{name}", REGISTRY_WRITE, "deviceClass.write", this::put),
                Route.of(HandlerType.GET, "/deviceClasses/{name}", REGISTRY_READ, "deviceClass.read", this::get),
                Route.of(HandlerType.DELETE, "/deviceClasses/{name}", REGISTRY_WRITE, "deviceClass.delete",
                        this::delete));
    }

    private void put(Context ctx) {
        JsonNode body = bodies.jsonObject(ctx);
        DeviceClasses.Saved saved = classes.put(RequestGuard.actor(ctx), ctx.pathParam("name"),
                baseline(body.get("baseline")), optionalLong(body, "expectedReportIntervalSeconds"),
                ctx.header("If-Match"));
        answer(ctx.status(saved.created() ? 201 : 200), saved.deviceClass());
    }

    private void get(Context ctx) {
        answer(ctx, classes.get(ctx.pathParam("name")));
    }

    private void delete(Context ctx) {
        classes.delete(RequestGuard.actor(ctx), ctx.pathParam("name"), ctx.header("If-Match"));
        ctx.status(204);
    }

    private void list(Context ctx) {
        ArrayNode array = json.createArrayNode();
        classes.list().forEach(deviceClass -> array.add(write(deviceClass)));
        ctx.contentType("application/json").result(array.toString());
    }

    private void answer(Context ctx, DeviceClass deviceClass) {
        ctx.header("ETag", "\"" + deviceClass.etag() + "\"");
        ctx.contentType("application/json").result(write(deviceClass).toString());
    }

    private ObjectNode write(DeviceClass deviceClass) {
        ObjectNode node = json.createObjectNode().put("name", deviceClass.name());
        if (deviceClass.expectedReportIntervalSeconds() == null) {
            node.putNull("expectedReportIntervalSeconds");
        } else {
            node.put("expectedReportIntervalSeconds", deviceClass.expectedReportIntervalSeconds());
        }
        Baseline baseline = deviceClass.baseline();
        ObjectNode rules = node.putObject("baseline");
        ObjectNode os = rules.putObject("minimumOsVersions");
        baseline.minimumOsVersions().forEach(os::put);
        rules.put("minimumFirmwareVersion", baseline.minimumFirmwareVersion());
        rules.put("antivirusRequired", baseline.antivirusRequired());
        rules.put("maxSignatureAgeSeconds", baseline.maxSignatureAgeSeconds());
        if (baseline.allowedListeningPorts() == null) {
            rules.putNull("allowedListeningPorts");
        } else {
            ArrayNode ports = rules.putArray("allowedListeningPorts");
            baseline.allowedListeningPorts().forEach(port ->
                    ports.addObject().put("protocol", port.protocol()).put("port", port.port()));
        }
        rules.put("usbAllowed", baseline.usbAllowed());
        rules.put("firewallRequired", baseline.firewallRequired());
        rules.put("maxPendingSecurityUpdates", baseline.maxPendingSecurityUpdates());
        node.put("etag", deviceClass.etag()).put("updated", deviceClass.updatedTime().toString());
        return node;
    }

    private static Baseline baseline(JsonNode node) {
        if (node == null || node.isNull()) {
            return Baseline.permissive();
        }
        if (!node.isObject()) {
            throw invalid("baseline must be an object");
        }
        Long maxPending = optionalLong(node, "maxPendingSecurityUpdates");
        if (maxPending != null && maxPending > Integer.MAX_VALUE) {
            throw invalid("maxPendingSecurityUpdates is too large");
        }
        return new Baseline(osVersions(node.get("minimumOsVersions")),
                FIELDS.optionalText(node, "minimumFirmwareVersion"),
                FIELDS.flag(node, "antivirusRequired", false), optionalLong(node, "maxSignatureAgeSeconds"),
                ports(node.get("allowedListeningPorts")), FIELDS.flag(node, "usbAllowed", true),
                FIELDS.flag(node, "firewallRequired", false), maxPending == null ? null : maxPending.intValue());
    }

    private static Map<String, String> osVersions(JsonNode node) {
        Map<String, String> versions = new TreeMap<>();
        if (node == null || node.isNull()) {
            return versions;
        }
        if (!node.isObject()) {
            throw invalid("minimumOsVersions must be an object of OS id to version");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            if (!entry.getValue().isTextual()) {
                throw invalid("minimumOsVersions." + entry.getKey() + " must be a string");
            }
            versions.put(entry.getKey(), entry.getValue().asText());
        }
        return versions;
    }

    private static List<AllowedPort> ports(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isArray()) {
            throw invalid("allowedListeningPorts must be an array of {protocol, port}");
        }
        List<AllowedPort> ports = new ArrayList<>();
        for (JsonNode port : node) {
            if (!port.path("protocol").isTextual() || !port.path("port").canConvertToInt()
                    || !port.path("port").isIntegralNumber()) {
                throw invalid("each allowed listening port is {\"protocol\": \"tcp\"|\"udp\", \"port\": n}");
            }
            ports.add(new AllowedPort(port.path("protocol").asText(), port.path("port").asInt()));
        }
        return ports;
    }

    private static Long optionalLong(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw invalid(field + " must be a whole number");
        }
        return value.asLong();
    }

    private static HubException.Invalid invalid(String message) {
        return FIELDS.invalid(message);
    }
}
