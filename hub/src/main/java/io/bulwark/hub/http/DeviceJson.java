package io.bulwark.hub.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bulwark.hub.HubException;
import io.bulwark.hub.registry.AuthenticationType;
import io.bulwark.hub.registry.Device;
import io.bulwark.hub.registry.DeviceSpec;
import io.bulwark.hub.registry.DevicePresence;
import io.bulwark.hub.registry.DeviceStatus;
import io.bulwark.hub.registry.IdentityId;
import io.bulwark.hub.registry.SymmetricKeys;
import io.bulwark.hub.registry.X509Thumbprints;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Azure-shaped device JSON of the REST API, both ways. Reading is strict about types (a number where a string
 * belongs is a 400) and lenient about unknown and read-only fields, as Azure's service is.
 */
final class DeviceJson {

    private static final JsonNode EMPTY = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();

    private final ObjectMapper json;
    private final DevicePresence presence;
    private final java.util.function.ToIntFunction<IdentityId> queueDepth;

    DeviceJson(ObjectMapper json, DevicePresence presence, java.util.function.ToIntFunction<IdentityId> queueDepth) {
        this.json = json;
        this.presence = presence;
        this.queueDepth = queueDepth;
    }

    ObjectNode write(Device device, boolean withKeys) {
        ObjectNode node = json.createObjectNode();
        node.put("deviceId", device.id().deviceId());
        node.put("moduleId", device.id().moduleId());
        node.put("generationId", device.generationId());
        node.put("etag", device.etag());
        node.put("status", device.status().wireName());
        node.put("statusReason", device.statusReason());
        node.put("statusUpdatedTime", device.statusUpdatedTime().toString());
        DevicePresence.Presence now = presence.of(device.id()).orElse(null);
        node.put("connectionState", now != null && now.connected() ? "Connected" : "Disconnected");
        node.put("lastActivityTime", now == null ? null : now.lastActivity().toString());
        node.put("connectionSource", now == null ? null : now.source());
        node.put("cloudToDeviceMessageCount", queueDepth.applyAsInt(device.id()));
        ObjectNode authentication = node.putObject("authentication");
        authentication.put("type", device.authentication().type().wireName());
        SymmetricKeys keys = device.authentication().symmetricKey();
        ObjectNode symmetric = authentication.putObject("symmetricKey");
        symmetric.put("primaryKey", withKeys && keys != null ? keys.primaryKey() : null);
        symmetric.put("secondaryKey", withKeys && keys != null ? keys.secondaryKey() : null);
        X509Thumbprints thumbprints = device.authentication().x509Thumbprint();
        ObjectNode x509 = authentication.putObject("x509Thumbprint");
        x509.put("primaryThumbprint", thumbprints == null ? null : thumbprints.primaryThumbprint());
        x509.put("secondaryThumbprint", thumbprints == null ? null : thumbprints.secondaryThumbprint());
        node.putObject("capabilities").put("iotEdge", device.iotEdge());
        node.put("deviceScope", device.deviceScope());
        device.parentScopes().forEach(node.putArray("parentScopes")::add);
        ObjectNode tags = node.putObject("tags");
        device.tags().forEach(tags::put);
        node.put("createdTime", device.createdTime().toString());
        node.put("lastUpdatedTime", device.lastUpdatedTime().toString());
        return node;
    }

    /** Reads a PUT body (or an import line) for the identity named by {@code id}. */
    DeviceSpec read(JsonNode body, IdentityId id) {
        requireSame(body, "deviceId", id.deviceId());
        requireSame(body, "moduleId", id.moduleId());
        String status = text(body, "status");
        JsonNode authentication = object(body, "authentication");
        String type = text(authentication, "type");
        JsonNode symmetric = object(authentication, "symmetricKey");
        String primaryKey = text(symmetric, "primaryKey");
        String secondaryKey = text(symmetric, "secondaryKey");
        SymmetricKeys keys = null;
        if (primaryKey != null || secondaryKey != null) {
            if (primaryKey == null || secondaryKey == null) {
                throw new HubException.Invalid("invalid-key", "give both primaryKey and secondaryKey, or neither");
            }
            keys = new SymmetricKeys(primaryKey, secondaryKey);
        }
        JsonNode x509 = object(authentication, "x509Thumbprint");
        String primaryThumbprint = text(x509, "primaryThumbprint");
        X509Thumbprints thumbprints = primaryThumbprint == null && text(x509, "secondaryThumbprint") == null ? null
                : new X509Thumbprints(primaryThumbprint, text(x509, "secondaryThumbprint"));
        JsonNode capabilities = object(body, "capabilities");
        boolean iotEdge = bool(capabilities, "iotEdge");
        return new DeviceSpec(id, status == null ? DeviceStatus.ENABLED : DeviceStatus.fromWire(status),
                text(body, "statusReason"), type == null ? AuthenticationType.SAS : AuthenticationType.fromWire(type),
                keys, thumbprints, iotEdge, parentScope(body), tags(body));
    }

    private static String parentScope(JsonNode body) {
        JsonNode scopes = body.get("parentScopes");
        if (scopes == null || scopes.isNull()) {
            return null;
        }
        if (!scopes.isArray() || scopes.size() > 1 || (scopes.size() == 1 && !scopes.get(0).isTextual())) {
            throw wrongType("parentScopes", "an array of at most one scope string");
        }
        return scopes.isEmpty() ? null : scopes.get(0).asText();
    }

    private static Map<String, String> tags(JsonNode body) {
        JsonNode tags = body.get("tags");
        if (tags == null || tags.isNull()) {
            return Map.of();
        }
        if (!tags.isObject()) {
            throw wrongType("tags", "an object of strings");
        }
        Map<String, String> result = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = tags.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> tag = it.next();
            if (!tag.getValue().isTextual()) {
                throw wrongType("tags." + tag.getKey(), "a string");
            }
            result.put(tag.getKey(), tag.getValue().asText());
        }
        return result;
    }

    private static void requireSame(JsonNode body, String field, String expected) {
        String given = text(body, field);
        if (given != null && !given.equals(expected)) {
            throw new HubException.Invalid("id-mismatch", field + " in the body differs from the one in the path");
        }
    }

    private static JsonNode object(JsonNode parent, String field) {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            return EMPTY;
        }
        if (!node.isObject()) {
            throw wrongType(field, "an object");
        }
        return node;
    }

    private static String text(JsonNode parent, String field) {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw wrongType(field, "a string");
        }
        return node.asText();
    }

    private static boolean bool(JsonNode parent, String field) {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            return false;
        }
        if (!node.isBoolean()) {
            throw wrongType(field, "true or false");
        }
        return node.asBoolean();
    }

    private static HubException.Invalid wrongType(String field, String expected) {
        return new HubException.Invalid("invalid-json", field + " must be " + expected);
    }


    static Instant parseInstant(String value, String field) {
        try {
            return value == null ? null : Instant.parse(value);
        } catch (java.time.format.DateTimeParseException e) {
            throw new HubException.Invalid("invalid-query", field + " must be an ISO-8601 instant");
        }
    }
}
