package io.bulwark.hub.http;

import static io.bulwark.hub.auth.Permission.REGISTRY_READ;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bulwark.hub.HubException;
import io.bulwark.hub.registry.DeviceRegistry;
import io.bulwark.hub.registry.IdentityId;
import io.bulwark.hub.security.posture.DeviceClasses;
import io.bulwark.hub.security.posture.FindingQuery;
import io.bulwark.hub.security.posture.FleetVersions;
import io.bulwark.hub.security.posture.PostureFinding;
import io.bulwark.hub.security.posture.PostureRepository;
import io.bulwark.hub.security.posture.Severity;
import io.bulwark.hub.security.posture.StoredPosture;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.util.List;
import java.util.Optional;

/**
 * Posture (S-MON-2): a device's latest snapshot with its open findings, the findings of the fleet with filters, and the
 * fleet by OS, kernel and firmware version. Read-only; registry read permission, as the devices themselves.
 */
final class PostureRoutes {

    private final PostureRepository postures;
    private final DeviceClasses classes;
    private final DeviceRegistry registry;
    private final FleetVersions versions;
    private final ObjectMapper json;

    PostureRoutes(PostureRepository postures, DeviceClasses classes, DeviceRegistry registry, ObjectMapper json) {
        this.postures = postures;
        this.classes = classes;
        this.registry = registry;
        this.versions = new FleetVersions(postures);
        this.json = json;
    }

    List<Route> routes() {
        return List.of(
                Route.of(HandlerType.GET, "/devices/{id}/posture", REGISTRY_READ, "posture.read", this::device),
                Route.of(HandlerType.GET, "/posture/findings", REGISTRY_READ, "posture.findings", this::findings),
                Route.of(HandlerType.GET, "/posture/fleet", REGISTRY_READ, "posture.fleet", this::fleet));
    }

    private void device(Context ctx) {
        String deviceId = registry.get(IdentityId.device(ctx.pathParam("id"))).id().deviceId();
        ObjectNode node = json.createObjectNode().put("deviceId", deviceId)
                .put("deviceClass", classes.className(deviceId).orElse(null));
        Optional<StoredPosture> latest = postures.latest(deviceId);
        if (latest.isPresent()) {
            node.put("offset", latest.get().offset())
                    .put("received", latest.get().receivedTime().toString())
                    .put("reported", latest.get().reportedTime().toString())
                    .set("snapshot", json.valueToTree(latest.get().snapshot()));
        } else {
            node.putNull("snapshot");
        }
        ArrayNode findings = node.putArray("findings");
        postures.openFindings(deviceId).forEach(finding -> findings.add(write(finding)));
        ctx.contentType("application/json").result(node.toString());
    }

    private void findings(Context ctx) {
        String severity = ctx.queryParam("severity");
        String state = ctx.queryParam("state");
        Boolean open = state == null ? Boolean.TRUE : switch (state) {
            case "open" -> Boolean.TRUE;
            case "closed" -> Boolean.FALSE;
            case "all" -> null;
            default -> throw new HubException.Invalid("invalid-state", "state is open, closed or all");
        };
        FindingQuery query = new FindingQuery(ctx.queryParam("deviceId"), ctx.queryParam("check"),
                severity == null ? null : Severity.fromWire(severity), open, pageSize(ctx));
        ArrayNode array = json.createArrayNode();
        postures.findings(query).forEach(finding -> array.add(write(finding)));
        ctx.contentType("application/json").result(array.toString());
    }

    private void fleet(Context ctx) {
        FleetVersions.View view = versions.view();
        ObjectNode node = json.createObjectNode().put("devices", view.devices());
        node.set("operatingSystems", groups(view.operatingSystems()));
        node.set("kernels", groups(view.kernels()));
        node.set("firmware", groups(view.firmware()));
        ctx.contentType("application/json").result(node.toString());
    }

    private ArrayNode groups(List<FleetVersions.Group> groups) {
        ArrayNode array = json.createArrayNode();
        for (FleetVersions.Group group : groups) {
            ObjectNode node = array.addObject().put("version", group.version()).put("count", group.count());
            ArrayNode devices = node.putArray("devices");
            group.devices().forEach(devices::add);
        }
        return array;
    }

    private ObjectNode write(PostureFinding finding) {
        return json.createObjectNode()
                .put("deviceId", finding.deviceId())
                .put("check", finding.check())
                .put("severity", finding.severity().wireName())
                .put("state", finding.isOpen() ? "open" : "closed")
                .put("message", finding.message())
                .put("remediation", finding.remediation())
                .put("evidenceOffset", finding.evidenceOffset())
                .put("firstSeen", finding.firstSeen().toString())
                .put("lastSeen", finding.lastSeen().toString())
                .put("closed", finding.closedTime() == null ? null : finding.closedTime().toString());
    }

    private static int pageSize(Context ctx) {
        String value = ctx.queryParam("pageSize");
        if (value == null) {
            return 100;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new HubException.Invalid("invalid-page-size", "pageSize must be 1.." + FindingQuery.MAX_LIMIT);
        }
    }
}
