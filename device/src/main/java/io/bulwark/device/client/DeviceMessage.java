package io.bulwark.device.client;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * A telemetry message: body, application properties and the system properties the hub keeps with it. The message id
 * is generated when none is given, so that every message can be recognised when it is delivered twice (telemetry is
 * at least once: a message whose PUBACK was lost is sent again).
 *
 * @param body            at most {@link #MAX_BODY_BYTES}
 * @param properties      application properties (at most {@link #MAX_PROPERTIES}; names must not start with '$')
 * @param messageId       {@code $.mid}, 1 to 128 characters
 * @param contentType     {@code $.ct}, or null
 * @param contentEncoding {@code $.ce}, or null
 */
public record DeviceMessage(byte[] body, Map<String, String> properties, String messageId, String contentType,
                            String contentEncoding) {

    /** Azure's message size limit. */
    public static final int MAX_BODY_BYTES = 256 * 1024;
    /** Azure's limit on application properties per message. */
    public static final int MAX_PROPERTIES = 64;
    public static final int MAX_ID_LENGTH = 128;

    public DeviceMessage {
        Objects.requireNonNull(body, "body");
        if (body.length > MAX_BODY_BYTES) {
            throw new IllegalArgumentException("message bodies are limited to " + MAX_BODY_BYTES + " bytes");
        }
        body = body.clone();
        Objects.requireNonNull(properties, "properties");
        if (properties.size() > MAX_PROPERTIES) {
            throw new IllegalArgumentException("at most " + MAX_PROPERTIES + " application properties");
        }
        properties.forEach((name, value) -> {
            if (name == null || name.isEmpty() || name.startsWith("$") || value == null) {
                throw new IllegalArgumentException("application property names must be non-empty and not start "
                        + "with '$' (system properties have their own fields); values must not be null");
            }
        });
        properties = Collections.unmodifiableMap(new LinkedHashMap<>(properties));
        if (messageId == null) {
            messageId = UUID.randomUUID().toString();
        }
        if (messageId.isEmpty() || messageId.length() > MAX_ID_LENGTH) {
            throw new IllegalArgumentException("message ids are 1 to " + MAX_ID_LENGTH + " characters");
        }
    }

    public static DeviceMessage of(byte[] body) {
        return new DeviceMessage(body, Map.of(), null, null, null);
    }

    /** A UTF-8 JSON body with {@code $.ct=application/json} and {@code $.ce=utf-8}. */
    public static DeviceMessage ofJson(String json) {
        return new DeviceMessage(json.getBytes(StandardCharsets.UTF_8), Map.of(), null, "application/json", "utf-8");
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public byte[] body() {
        return body.clone();
    }

    /** The property bag of the telemetry topic: system properties first, then the application's. */
    Map<String, String> topicProperties() {
        Map<String, String> bag = new LinkedHashMap<>();
        bag.put("$.mid", messageId);
        if (contentType != null) {
            bag.put("$.ct", contentType);
        }
        if (contentEncoding != null) {
            bag.put("$.ce", contentEncoding);
        }
        bag.putAll(properties);
        return bag;
    }

    /** Never the body: it may hold anything. */
    @Override
    public String toString() {
        return "DeviceMessage[messageId=" + messageId + ", " + body.length + " bytes, " + properties.size()
                + " properties]";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof DeviceMessage that && java.util.Arrays.equals(body, that.body)
                && properties.equals(that.properties) && messageId.equals(that.messageId)
                && Objects.equals(contentType, that.contentType) && Objects.equals(contentEncoding, that.contentEncoding);
    }

    @Override
    public int hashCode() {
        return messageId.hashCode();
    }

    public static final class Builder {
        private byte[] body = new byte[0];
        private final Map<String, String> properties = new LinkedHashMap<>();
        private String messageId;
        private String contentType;
        private String contentEncoding;

        public Builder body(byte[] value) {
            body = value;
            return this;
        }

        public Builder body(String utf8) {
            body = utf8.getBytes(StandardCharsets.UTF_8);
            return this;
        }

        public Builder property(String name, String value) {
            properties.put(name, value);
            return this;
        }

        public Builder messageId(String value) {
            messageId = value;
            return this;
        }

        public Builder contentType(String value) {
            contentType = value;
            return this;
        }

        public Builder contentEncoding(String value) {
            contentEncoding = value;
            return this;
        }

        public DeviceMessage build() {
            return new DeviceMessage(body, properties, messageId, contentType, contentEncoding);
        }
    }
}
