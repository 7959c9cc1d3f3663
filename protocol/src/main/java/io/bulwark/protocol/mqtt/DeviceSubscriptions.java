package io.bulwark.protocol.mqtt;

/**
 * The topic filters a device may subscribe to: its own cloud-to-device, twin, method and credential topics, nothing else
 * (S-ACL-1). Compared as exact strings after the identity prefix: no wildcard of the client's choosing reaches the
 * hub's routing.
 */
public final class DeviceSubscriptions {

    /** Azure allows at most five subscriptions per device; the device protocol needs four. */
    public static final int MAX_FILTERS_PER_SUBSCRIBE = 8;

    private DeviceSubscriptions() {
    }

    public static boolean isAllowed(String filter, String deviceId, String moduleId) {
        if (filter.equals(TwinTopics.RESPONSE_SUBSCRIPTION) || filter.equals(MethodTopics.SUBSCRIPTION)
                || filter.equals(TwinTopics.DESIRED_SUBSCRIPTION)
                || filter.equals(CredentialTopics.RESPONSE_SUBSCRIPTION)) {
            return true;
        }
        return filter.equals(identityPrefix(deviceId, moduleId) + "/messages/devicebound/#");
    }

    /** {@code devices/{id}} or {@code devices/{id}/modules/{mid}}, ids URL-encoded as they appear in topics. */
    public static String identityPrefix(String deviceId, String moduleId) {
        String prefix = "devices/" + PropertyBag.encode(deviceId);
        return moduleId == null ? prefix : prefix + "/modules/" + PropertyBag.encode(moduleId);
    }
}
