package io.bulwark.hub.stream.embedded;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.bulwark.hub.store.sqlite.StoreException;
import java.util.Map;

/**
 * A message's properties as {@code streams.db} keeps them: one JSON object of strings. Most telemetry has none, and
 * {@code {}} is written and read without Jackson (whose generator and serializer set-up were the biggest allocation
 * of a stored message). The reader and writer are made once: both are immutable and shared by every thread.
 */
final class StoredProperties {

    private static final String NONE = "{}";
    private static final TypeReference<Map<String, String>> TYPE = new TypeReference<>() { };
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectWriter WRITER = JSON.writerFor(TYPE);
    private static final ObjectReader READER = JSON.readerFor(TYPE);

    private StoredProperties() {
    }

    static String encode(Map<String, String> properties) {
        if (properties.isEmpty()) {
            return NONE;
        }
        try {
            return WRITER.writeValueAsString(properties);
        } catch (JsonProcessingException e) {
            throw new StoreException("cannot encode message properties", e);
        }
    }

    static Map<String, String> decode(String json) {
        if (NONE.equals(json)) {
            return Map.of();
        }
        try {
            return READER.readValue(json);
        } catch (JsonProcessingException e) {
            throw new StoreException("corrupt message properties", e);
        }
    }
}
