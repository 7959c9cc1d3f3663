package io.bulwark.protocol.security;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * A local login on the device, successful or not, as the auth log or journal recorded it. {@code service} is the
 * program that authenticated ({@code sshd}, {@code login}, {@code sudo}); {@code from} the remote address or the tty.
 */
public record LoginAttempt(Outcome outcome, String user, String service, String from) implements SecurityEventDetail {
    public enum Outcome {
        SUCCESS, FAILURE;

        @JsonValue
        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        @JsonCreator
        public static Outcome fromWire(String name) {
            for (Outcome outcome : values()) {
                if (outcome.wireName().equals(name)) {
                    return outcome;
                }
            }
            throw new SecurityEventFormatException("outcome must be success or failure");
        }
    }

    public LoginAttempt {
        if (outcome == null) {
            throw new SecurityEventFormatException("outcome is required");
        }
        Bounded.optionalText("user", user);
        Bounded.text("service", service);
        Bounded.optionalText("from", from);
    }
}
