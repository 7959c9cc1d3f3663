package io.bulwark.hub.c2d;

import io.bulwark.hub.HubException;

/** Which outcomes of a cloud-to-device message the sender wants to hear about ({@code iothub-ack}). */
public enum FeedbackMode {
    NONE("none"), POSITIVE("positive"), NEGATIVE("negative"), FULL("full");

    private final String wireName;

    FeedbackMode(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public boolean wants(FeedbackStatus status) {
        return switch (this) {
            case NONE -> false;
            case FULL -> true;
            case POSITIVE -> status == FeedbackStatus.SUCCESS;
            case NEGATIVE -> status != FeedbackStatus.SUCCESS;
        };
    }

    public static FeedbackMode fromWire(String value) {
        if (value == null || value.isEmpty()) {
            return NONE;
        }
        for (FeedbackMode mode : values()) {
            if (mode.wireName.equalsIgnoreCase(value)) {
                return mode;
            }
        }
        throw new HubException.Invalid("invalid-ack", "iothub-ack must be none, positive, negative or full");
    }
}
