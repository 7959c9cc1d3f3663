package io.bulwark.protocol.sas;

/** A SAS token or audience that cannot be parsed. The message never contains the signature. */
public final class SasTokenFormatException extends IllegalArgumentException {

    public SasTokenFormatException(String message) {
        super(message);
    }
}
