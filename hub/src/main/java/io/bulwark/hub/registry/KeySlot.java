package io.bulwark.hub.registry;

import io.bulwark.hub.HubException;

/** Which shared access key to regenerate. */
public enum KeySlot {
    PRIMARY, SECONDARY, BOTH;

    public static KeySlot fromWire(String value) {
        if (value != null) {
            for (KeySlot slot : values()) {
                if (slot.name().equalsIgnoreCase(value)) {
                    return slot;
                }
            }
        }
        throw new HubException.Invalid("invalid-key-slot", "key must be 'primary', 'secondary' or 'both'");
    }
}
