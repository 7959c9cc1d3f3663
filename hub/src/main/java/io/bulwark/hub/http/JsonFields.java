package io.bulwark.hub.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.bulwark.hub.HubException;

/**
 * Optional fields of a JSON request body, read strictly: absent or null gives the fallback, a value of the wrong
 * type is refused (400) with the resource's own problem type rather than silently coerced.
 */
final class JsonFields {

    private final String problemType;

    JsonFields(String problemType) {
        this.problemType = problemType;
    }

    boolean flag(JsonNode node, String field, boolean fallback) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isBoolean()) {
            throw invalid(field + " must be true or false");
        }
        return value.asBoolean();
    }

    String optionalText(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw invalid(field + " must be a string");
        }
        return value.asText();
    }

    HubException.Invalid invalid(String message) {
        return new HubException.Invalid(problemType, message);
    }
}
