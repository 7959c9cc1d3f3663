package io.bulwark.protocol.security;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * A peripheral attached to or removed from the device. For USB, {@code port} is the sysfs port path (e.g.
 * {@code 1-1.2}) and the ids are the four hex digits of {@code idVendor} and {@code idProduct}.
 */
public record PhysicalAccess(Action action, String bus, String port, String vendorId, String productId,
                             String manufacturer, String product) implements SecurityEventDetail {
    public enum Action {
        ATTACHED, REMOVED;

        @JsonValue
        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        @JsonCreator
        public static Action fromWire(String name) {
            for (Action action : values()) {
                if (action.wireName().equals(name)) {
                    return action;
                }
            }
            throw new SecurityEventFormatException("action must be attached or removed");
        }
    }

    public PhysicalAccess {
        if (action == null) {
            throw new SecurityEventFormatException("action is required");
        }
        Bounded.text("bus", bus);
        Bounded.text("port", port);
        Bounded.optionalText("vendorId", vendorId);
        Bounded.optionalText("productId", productId);
        Bounded.optionalText("manufacturer", manufacturer);
        Bounded.optionalText("product", product);
    }
}
