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
}
