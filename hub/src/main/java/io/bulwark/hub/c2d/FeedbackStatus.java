package io.bulwark.hub.c2d;

/** How a cloud-to-device message ended, in Azure's words. */
public enum FeedbackStatus {
    SUCCESS("Success"), EXPIRED("Expired"), DELIVERY_COUNT_EXCEEDED("DeliveryCountExceeded"), REJECTED("Rejected"),
    PURGED("Purged");

    private final String wireName;

    FeedbackStatus(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static FeedbackStatus fromWire(String value) {
        for (FeedbackStatus status : values()) {
            if (status.wireName.equals(value)) {
                return status;
            }
        }
        throw new IllegalArgumentException("unknown feedback status " + value);
    }
}
