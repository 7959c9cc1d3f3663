package io.bulwark.protocol.security;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * Reads and writes the JSON form of a {@link SecurityEvent}:
 *
 * <pre>{"schema":"bulwark.security/1","type":"physicalAccess","sequence":42,"bootId":"5f0c...",
 *  "time":"2026-12-01T10:15:30Z","detail":{"action":"attached","bus":"usb","port":"1-1.2",...}}</pre>
 *
 * Unknown fields are ignored (a newer agent may send more); unknown types, missing required fields and bodies over
 * {@link #MAX_BYTES} are refused with a {@link SecurityEventFormatException}. Thread-safe.
 */
public final class SecurityEventCodec {
    public static final String SCHEMA = "bulwark.security/1";
    public static final int MAX_BYTES = 64 * 1024;

    private final ObjectMapper mapper = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    public SecurityEventCodec() {
        mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(16).build());
    }

    public byte[] encode(SecurityEvent event) {
        ObjectNode root = mapper.createObjectNode();
        root.put("schema", SCHEMA);
        root.put("type", event.type().wireName());
        root.put("sequence", event.sequence());
        root.put("bootId", event.bootId());
        root.put("time", event.time().toString());
        root.set("detail", mapper.valueToTree(event.detail()));
        try {
            return mapper.writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a security event record failed to serialise", e);
        }
    }

    public SecurityEvent decode(byte[] body) {
        if (body.length > MAX_BYTES) {
            throw new SecurityEventFormatException("security event larger than " + MAX_BYTES + " bytes");
        }
        JsonNode root;
        try {
            root = mapper.readTree(body);
        } catch (IOException e) {
            throw new SecurityEventFormatException("security event is not valid JSON");
        }
        if (root == null || !root.isObject()) {
            throw new SecurityEventFormatException("security event must be a JSON object");
        }
        String schema = root.path("schema").asText("");
        if (!schema.isEmpty() && !SCHEMA.equals(schema)) {
            throw new SecurityEventFormatException("unsupported security event schema " + Bounded.quote(schema));
        }
        SecurityEventType type = SecurityEventType.fromWire(requiredText(root, "type"));
        JsonNode sequence = root.get("sequence");
        if (sequence == null || !sequence.canConvertToExactIntegral() || !sequence.canConvertToLong()) {
            throw new SecurityEventFormatException("sequence must be an integer");
        }
        Instant time;
        try {
            time = Instant.parse(requiredText(root, "time"));
        } catch (DateTimeParseException e) {
            throw new SecurityEventFormatException("time must be an ISO-8601 instant");
        }
        JsonNode detail = root.get("detail");
        if (detail == null || !detail.isObject()) {
            throw new SecurityEventFormatException("detail must be a JSON object");
        }
        return new SecurityEvent(type, sequence.asLong(), requiredText(root, "bootId"), time, readDetail(detail, type));
    }

    private SecurityEventDetail readDetail(JsonNode detail, SecurityEventType type) {
        try {
            return mapper.treeToValue(detail, type.detailType());
        } catch (JsonProcessingException e) {
            if (e.getCause() instanceof SecurityEventFormatException format) {
                throw format;
            }
            throw new SecurityEventFormatException("detail does not match the " + type.wireName() + " schema");
        }
    }

    private static String requiredText(JsonNode root, String field) {
        JsonNode node = root.get(field);
        if (node == null || !node.isTextual()) {
            throw new SecurityEventFormatException(field + " must be a string");
        }
        return node.asText();
    }
}
