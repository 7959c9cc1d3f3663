package io.bulwark.hub.security.alert;

import io.bulwark.hub.stream.StreamName;
import java.util.Objects;

/** One stream message that contributed to an alert: read it back with {@code GET /streams/{stream}/messages?from=}. */
public record AlertEvidence(StreamName stream, long offset) {

    public AlertEvidence {
        Objects.requireNonNull(stream, "stream");
        if (offset < 1) {
            throw new IllegalArgumentException("offsets start at 1");
        }
    }

    /** {@code security:42}, as the store keeps it. */
    public String format() {
        return stream.wireName() + ":" + offset;
    }

    public static AlertEvidence parse(String value) {
        int colon = value.indexOf(':');
        if (colon < 1) {
            throw new IllegalArgumentException("evidence is stream:offset");
        }
        return new AlertEvidence(StreamName.fromWire(value.substring(0, colon)),
                Long.parseLong(value.substring(colon + 1)));
    }
}
