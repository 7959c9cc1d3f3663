package io.bulwark.protocol.identity;

/** A device or module id that breaks Azure's id rules. */
public final class InvalidIdentityException extends IllegalArgumentException {

    public InvalidIdentityException(String message) {
        super(message);
    }
}
