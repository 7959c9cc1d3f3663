package io.bulwark.protocol.mqtt;

import io.bulwark.protocol.identity.IdentityRules;
import java.util.Map;
import java.util.Objects;

/**
 * {@code devices/{id}/messages/events/[{bag}]} or {@code devices/{id}/modules/{mid}/messages/events/[{bag}][/]}:
 * where a device publishes telemetry.
 *
 * @param moduleId null for a device's own telemetry
 */
public record TelemetryTopic(String deviceId, String moduleId, Map<String, String> properties) {

    /** Azure's limit on topic length; nothing longer is parsed. */
    public static final int MAX_TOPIC_LENGTH = 8192;

    public TelemetryTopic {
        Objects.requireNonNull(deviceId, "deviceId");
        properties = Map.copyOf(properties);
    }

    /** True when {@code topic} is a telemetry topic at all (of any device). */
    public static boolean isTelemetry(String topic) {
        return topic.startsWith("devices/") && topic.contains("/messages/events");
    }

    /**
     * The telemetry topic {@code topic} names if it is the sender's own ({@code deviceId}, {@code moduleId} or null),
     * else null: not telemetry, malformed, or another device's (S-ACL-1).
     */
    public static TelemetryTopic parseOwn(String topic, String deviceId, String moduleId) {
        if (topic == null || !isTelemetry(topic)) {
            return null;
        }
        try {
            TelemetryTopic parsed = parse(topic);
            boolean own = parsed.deviceId().equals(deviceId) && Objects.equals(parsed.moduleId(), moduleId);
            return own ? parsed : null;
        } catch (MqttFormatException e) {
            return null;
        }
    }

    public static TelemetryTopic parse(String topic) {
        if (topic.length() > MAX_TOPIC_LENGTH) {
            throw new MqttFormatException("topic longer than " + MAX_TOPIC_LENGTH + " characters");
        }
        if (!topic.startsWith("devices/")) {
            throw new MqttFormatException("not a telemetry topic");
        }
        String rest = topic.substring("devices/".length());
        int slash = rest.indexOf('/');
        if (slash <= 0) {
            throw new MqttFormatException("not a telemetry topic");
        }
        String deviceId = decodeId(rest.substring(0, slash));
        rest = rest.substring(slash + 1);
        String moduleId = null;
        if (rest.startsWith("modules/")) {
            rest = rest.substring("modules/".length());
            slash = rest.indexOf('/');
            if (slash <= 0) {
                throw new MqttFormatException("not a telemetry topic");
            }
            moduleId = decodeId(rest.substring(0, slash));
            rest = rest.substring(slash + 1);
        }
        if (!rest.equals("messages/events") && !rest.startsWith("messages/events/")) {
            throw new MqttFormatException("not a telemetry topic");
        }
        String bag = rest.length() > "messages/events/".length() ? rest.substring("messages/events/".length()) : "";
        if (bag.endsWith("/")) {
            bag = bag.substring(0, bag.length() - 1);
        }
        if (bag.contains("/")) {
            throw new MqttFormatException("telemetry topic has levels after the property bag");
        }
        return new TelemetryTopic(deviceId, moduleId, PropertyBag.parse(bag));
    }

    /**
     * The topic a device publishes this message to: {@code devices/{id}/messages/events/{bag}} (modules add their
     * level), properties in the given order.
     */
    public static String format(String deviceId, String moduleId, Map<String, String> properties) {
        String topic = DeviceSubscriptions.identityPrefix(deviceId, moduleId) + "/messages/events/"
                + PropertyBag.format(properties);
        if (topic.length() > MAX_TOPIC_LENGTH) {
            throw new MqttFormatException("topic longer than " + MAX_TOPIC_LENGTH + " characters");
        }
        return topic;
    }

    public String format() {
        return format(deviceId, moduleId, properties);
    }

    private static String decodeId(String encoded) {
        String id = java.net.URLDecoder.decode(encoded, java.nio.charset.StandardCharsets.UTF_8);
        if (!IdentityRules.isValidId(id)) {
            throw new MqttFormatException("invalid id in topic");
        }
        return id;
    }
}
