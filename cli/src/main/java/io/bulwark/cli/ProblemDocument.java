package io.bulwark.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/** The hub's RFC 9457 answer to a failed request, reduced to what an operator needs on one line. */
record ProblemDocument(int status, String type, String detail) {

    private static final ObjectMapper JSON = new ObjectMapper();

    static ProblemDocument parse(int status, String body) {
        try {
            JsonNode node = JSON.readTree(body);
            if (node != null && node.isObject()) {
                return new ProblemDocument(node.path("status").asInt(status), text(node, "type"),
                        text(node, "detail"));
            }
        } catch (IOException notJson) {
            // Not from the hub's API (a proxy, or the wrong server): report the status alone.
        }
        return new ProblemDocument(status, null, null);
    }

    String describe() {
        StringBuilder line = new StringBuilder("hub answered ").append(status);
        if (type != null) {
            line.append(' ').append(type);
        }
        line.append(detail != null ? ": " + detail : " (no problem document)");
        return line.toString();
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
