package io.bulwark.protocol.connection;

/** A connection string that cannot be parsed. The message never contains a key or signature. */
public final class ConnectionStringFormatException extends IllegalArgumentException {

    public ConnectionStringFormatException(String message) {
        super(message);
    }
}
