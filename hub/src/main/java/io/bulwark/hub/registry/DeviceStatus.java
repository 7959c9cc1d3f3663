package io.bulwark.hub.registry;

import io.bulwark.hub.HubException;

/** Whether an identity may connect. A disabled identity keeps its keys and data but is refused at the door. */
public enum DeviceStatus {
    ENABLED("enabled"),
    DISABLED("disabled");

    private final String wireName;

    DeviceStatus(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static DeviceStatus fromWire(String value) {
        for (DeviceStatus status : values()) {
            if (status.wireName.equalsIgnoreCase(value)) {
                return status;
            }
        }
        throw new HubException.Invalid("invalid-status", "status must be 'enabled' or 'disabled'");
    }
}
