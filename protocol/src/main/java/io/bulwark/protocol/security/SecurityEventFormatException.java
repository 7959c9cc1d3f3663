package io.bulwark.protocol.security;

/** A security event body that is not valid JSON of the schema, or breaks one of its bounds. */
public final class SecurityEventFormatException extends RuntimeException {
    public SecurityEventFormatException(String message) {
        super(message);
    }
}
