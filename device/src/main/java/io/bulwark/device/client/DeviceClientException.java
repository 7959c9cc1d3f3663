package io.bulwark.device.client;

/**
 * A request the client could not carry out: closed client, refused credentials, full outbox, timeout. The message
 * never holds a secret.
 */
public class DeviceClientException extends RuntimeException {

    public DeviceClientException(String message) {
        super(message);
    }

    public DeviceClientException(String message, Throwable cause) {
        super(message, cause);
    }
}
