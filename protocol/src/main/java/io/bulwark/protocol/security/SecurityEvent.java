package io.bulwark.protocol.security;

import java.time.Instant;
import java.util.Objects;

/**
 * One device-reported security event, the body of a message sent with {@code bulwark-stream=security}.
 *
 * <p>{@code sequence} increases by one for every event an agent emits and survives agent restarts; {@code bootId}
 * changes when the agent's sequence store is lost, so the hub can tell "events suppressed" (a gap within one bootId)
 * from "agent reinstalled" (a new bootId). The device id is not in the body: the hub takes it from the authenticated
 * connection, never from what the device claims.
 */
public record SecurityEvent(SecurityEventType type, long sequence, String bootId, Instant time,
                            SecurityEventDetail detail) {
    public SecurityEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(detail, "detail");
        if (sequence < 0) {
            throw new SecurityEventFormatException("sequence must not be negative");
        }
        Bounded.text("bootId", bootId);
        if (!type.detailType().isInstance(detail)) {
            throw new SecurityEventFormatException("detail of a " + type.wireName() + " event must be "
                    + type.detailType().getSimpleName());
        }
    }

    public static SecurityEvent of(long sequence, String bootId, Instant time, SecurityEventDetail detail) {
        return new SecurityEvent(SecurityEventType.ofDetail(detail), sequence, bootId, time, detail);
    }
}
