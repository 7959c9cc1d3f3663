package io.bulwark.device.client;

/** The outbox (or the in-memory queue) holds as many messages or bytes as it may; the message was not accepted. */
public final class OutboxFullException extends DeviceClientException {

    public OutboxFullException(String message) {
        super(message);
    }
}
