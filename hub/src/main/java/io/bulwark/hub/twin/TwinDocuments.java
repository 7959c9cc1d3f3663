package io.bulwark.hub.twin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bulwark.hub.HubException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;

/**
 * The rules of twin property documents: JSON merge patches ({@code null} deletes a key), Azure's key rules and size
 * and depth limits, and last-updated metadata.
 */
final class TwinDocuments {

    /** Azure's limits: 32 KiB per properties section, 10 levels of nesting. */
    static final int MAX_BYTES = 32 * 1024;
    static final int MAX_DEPTH = 10;

    private TwinDocuments() {
    }

    /** Checks a patch before it is applied: keys and depth. */
    static void validatePatch(JsonNode patch) {
        if (patch == null || !patch.isObject()) {
            throw new HubException.Invalid("invalid-twin-patch", "a properties patch must be a JSON object");
        }
        validate(patch, 1);
    }

    private static void validate(JsonNode node, int depth) {
        if (depth > MAX_DEPTH) {
            throw new HubException.Invalid("invalid-twin-patch", "twin properties nest at most " + MAX_DEPTH + " levels");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String key = field.getKey();
            if (key.isEmpty() || key.length() > 128 || key.startsWith("$") || key.contains(".") || key.contains(" ")
                    || key.chars().anyMatch(c -> c < 0x20)) {
                throw new HubException.Invalid("invalid-twin-patch",
                        "property names are 1..128 characters without '$' at the start, '.', spaces or controls");
            }
            if (field.getValue().isObject()) {
                validate(field.getValue(), depth + 1);
            }
        }
    }

    /** Applies {@code patch} onto {@code target} in place: objects merge, {@code null} removes, the rest replaces. */
    static void merge(ObjectNode target, JsonNode patch, ObjectNode metadata, Instant now) {
        for (Iterator<Map.Entry<String, JsonNode>> it = patch.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String key = field.getKey();
            JsonNode value = field.getValue();
            if (value.isNull()) {
                target.remove(key);
                metadata.remove(key);
            } else if (value.isObject() && target.get(key) instanceof ObjectNode existing) {
                merge(existing, value, metadata.withObjectProperty(key), now);
                metadata.withObjectProperty(key).put("$lastUpdated", now.toString());
            } else {
                target.set(key, value.deepCopy());
                metadata.putObject(key).put("$lastUpdated", now.toString());
            }
        }
        metadata.put("$lastUpdated", now.toString());
    }

    static void requireWithinSize(ObjectNode properties, String section) {
        int size = properties.toString().getBytes(StandardCharsets.UTF_8).length;
        if (size > MAX_BYTES) {
            throw new HubException.LimitExceeded("twin-too-large",
                    section + " properties would take " + size + " bytes; the limit is " + MAX_BYTES);
        }
    }
}
