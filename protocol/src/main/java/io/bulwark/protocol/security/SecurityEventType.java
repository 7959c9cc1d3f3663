package io.bulwark.protocol.security;

import java.util.Arrays;

/** The kinds of security event a device reports; each kind has exactly one detail shape. */
public enum SecurityEventType {
    TAMPER("tamper", Tamper.class),
    PHYSICAL_ACCESS("physicalAccess", PhysicalAccess.class),
    LOGIN("login", LoginAttempt.class),
    POSTURE("posture", PostureSnapshot.class),
    FIRMWARE_VERIFICATION("firmwareVerification", FirmwareVerificationFailure.class);

    private final String wireName;
    private final Class<? extends SecurityEventDetail> detailType;

    SecurityEventType(String wireName, Class<? extends SecurityEventDetail> detailType) {
        this.wireName = wireName;
        this.detailType = detailType;
    }

    public String wireName() {
        return wireName;
    }

    public Class<? extends SecurityEventDetail> detailType() {
        return detailType;
    }

    public static SecurityEventType ofDetail(SecurityEventDetail detail) {
        return Arrays.stream(values()).filter(type -> type.detailType.isInstance(detail)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no event type for " + detail.getClass()));
    }

    public static SecurityEventType fromWire(String name) {
        return Arrays.stream(values()).filter(type -> type.wireName.equals(name)).findFirst()
                .orElseThrow(() -> new SecurityEventFormatException("unknown security event type: " + Bounded.quote(name)));
    }
}
