package io.bulwark.hub.security.alert;

import io.bulwark.hub.HubException;
import java.util.Locale;

/**
 * Where an alert is in its life: open until someone acknowledges it (they are looking at it), resolved when closed.
 * Open and acknowledged alerts are <em>active</em>: a recurrence of the same cause counts into them.
 */
public enum AlertState {
    OPEN, ACKNOWLEDGED, RESOLVED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean isActive() {
        return this != RESOLVED;
    }

    public static AlertState fromWire(String value) {
        for (AlertState state : values()) {
            if (state.wireName().equals(value)) {
                return state;
            }
        }
        throw new HubException.Invalid("invalid-state", "state is open, acknowledged or resolved");
    }
}
