package io.bulwark.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bulwark.hub.HubException;
import io.bulwark.hub.registry.DeviceScopes;
import java.util.Map;

/** The device documents of the REST API as the CLI writes and shows them (see docs/rest-api.md). */
final class DeviceJson {

    private final ObjectMapper json = new ObjectMapper();

    ObjectNode object() {
        return json.createObjectNode();
    }

    ObjectNode createBody(String id, boolean gateway, String parentScope, Map<String, String> tags, boolean disabled,
                          String reason) {
        ObjectNode body = json.createObjectNode().put("deviceId", id).put("status", disabled ? "disabled" : "enabled");
        if (reason != null) {
            body.put("statusReason", reason);
        }
        body.putObject("capabilities").put("iotEdge", gateway);
        if (parentScope != null) {
            body.putArray("parentScopes").add(parentScope);
        }
        ObjectNode tagNode = body.putObject("tags");
        if (tags != null) {
            tags.forEach(tagNode::put);
        }
        return body;
    }

    /**
     * The stored device with a new status, for a replace. Its keys are left out: on replace that keeps the current
     * ones, and keys then never travel back to the hub.
     */
    ObjectNode withStatus(JsonNode device, String status, String reason) {
        ObjectNode body = withoutKeys(device);
        body.put("status", status);
        if (reason == null) {
            body.putNull("statusReason");
        } else {
            body.put("statusReason", reason);
        }
        return body;
    }

    ObjectNode withoutKeys(JsonNode device) {
        ObjectNode copy = device.deepCopy();
        if (copy.get("authentication") instanceof ObjectNode authentication) {
            authentication.remove("symmetricKey");
        }
        return copy;
    }

    String pretty(JsonNode node) {
        try {
            return json.writerWithDefaultPrettyPrinter().writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot print JSON", e);
        }
    }

    String compact(JsonNode node) {
        try {
            return json.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot print JSON", e);
        }
    }

    /** One line of {@code device list}: id, status, authentication type, and gateway or parent. */
    String listLine(JsonNode device) {
        return String.format("%-32s %-9s %-21s %s", device.path("deviceId").asText(),
                device.path("status").asText(), device.path("authentication").path("type").asText(), role(device));
    }

    /** "gateway", "parent={id}", both, or "-". */
    String role(JsonNode device) {
        boolean gateway = device.path("capabilities").path("iotEdge").asBoolean(false);
        JsonNode parents = device.path("parentScopes");
        String parent = parents.isArray() && !parents.isEmpty() ? "parent=" + scopeDevice(parents.get(0).asText())
                : null;
        if (gateway && parent != null) {
            return "gateway," + parent;
        }
        return gateway ? "gateway" : parent != null ? parent : "-";
    }

    /** The gateway's device id inside a scope, or the scope itself when it is not in Azure's form. */
    private static String scopeDevice(String scope) {
        try {
            return DeviceScopes.deviceIdOf(scope);
        } catch (HubException.Invalid notAzureForm) {
            return scope;
        }
    }
}
