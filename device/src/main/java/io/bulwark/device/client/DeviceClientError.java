package io.bulwark.device.client;

import java.util.Objects;

/**
 * Something the hub side sent that the client could not use, or a handler of the application that failed. The
 * client reports it to the error handler and keeps running. The detail never holds a secret nor a message body.
 */
public record DeviceClientError(Kind kind, String detail) {

    public DeviceClientError {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(detail, "detail");
    }

    public enum Kind {
        /** A cloud-to-device topic whose property bag could not be read; the message was acknowledged and dropped. */
        MALFORMED_CLOUD_TO_DEVICE,
        /** A method request whose topic could not be read. */
        MALFORMED_METHOD_REQUEST,
        /** A method request larger than the configured maximum; answered with 413. */
        OVERSIZE_METHOD_PAYLOAD,
        /** A twin answer or desired patch that is not the JSON the protocol describes. */
        MALFORMED_TWIN,
        /** A twin document with fields the protocol does not describe; they were ignored. */
        UNKNOWN_TWIN_FIELD,
        /** A handler of the application threw. */
        HANDLER_FAILED,
        /** A publish on a topic the client never subscribed to; acknowledged and dropped. */
        UNEXPECTED_TOPIC,
        /** The outbox could not read or delete a stored message. */
        OUTBOX
    }
}
