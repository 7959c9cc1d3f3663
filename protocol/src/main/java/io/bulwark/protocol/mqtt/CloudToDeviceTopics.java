package io.bulwark.protocol.mqtt;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where the hub publishes cloud-to-device messages: {@code devices/{id}/messages/devicebound/{bag}}. The Java SDK
 * parses the bag only if the topic holds {@code %24} and starts at the first one, so the encoded {@code $.to} always
 * comes first (PROTOCOL.md).
 */
public final class CloudToDeviceTopics {

    private CloudToDeviceTopics() {
    }

    public static String topic(String deviceId, String moduleId, String messageId, String ack,
                               Map<String, String> properties) {
        String identity = DeviceSubscriptions.identityPrefix(deviceId, moduleId);
        Map<String, String> bag = new LinkedHashMap<>();
        bag.put("$.to", "/" + identity + "/messages/deviceBound");
        bag.put("$.mid", messageId);
        if (ack != null && !ack.equals("none")) {
            bag.put("iothub-ack", ack);
        }
        properties.forEach(bag::putIfAbsent);
        return identity + "/messages/devicebound/" + PropertyBag.format(bag);
    }

    /** The filter a device subscribes to for its cloud-to-device messages. */
    public static String subscription(String deviceId, String moduleId) {
        return DeviceSubscriptions.identityPrefix(deviceId, moduleId) + "/messages/devicebound/#";
    }

    /**
     * The property bag of a cloud-to-device topic addressed to this identity, decoded. Refuses a topic for another
     * identity and a bag that breaks {@link PropertyBag#parse} (bad escapes, duplicates, too many or too long).
     */
    public static Map<String, String> parseProperties(String topic, String deviceId, String moduleId) {
        String prefix = DeviceSubscriptions.identityPrefix(deviceId, moduleId) + "/messages/devicebound";
        if (topic == null || !topic.startsWith(prefix)) {
            throw new MqttFormatException("not a cloud-to-device topic of this identity");
        }
        String bag = topic.substring(prefix.length());
        if (bag.startsWith("/")) {
            bag = bag.substring(1);
        }
        if (bag.endsWith("/")) {
            bag = bag.substring(0, bag.length() - 1);
        }
        if (bag.contains("/")) {
            throw new MqttFormatException("cloud-to-device topic has levels after the property bag");
        }
        return PropertyBag.parse(bag);
    }
}
