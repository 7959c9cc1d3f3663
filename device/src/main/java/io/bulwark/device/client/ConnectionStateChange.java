package io.bulwark.device.client;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One change of a client's connection state.
 *
 * @param retryIn for {@link ConnectionState#DISCONNECTED}: how long until the next attempt; otherwise null
 * @param detail  a short explanation (an exception class, a CONNACK code); never a credential
 */
public record ConnectionStateChange(ConnectionState state, Reason reason, Instant at, Duration retryIn, String detail) {

    public ConnectionStateChange {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(at, "at");
    }

    /** Why the state changed. */
    public enum Reason {
        /** {@link DeviceClient#open()} started the first attempt, or the client is connected for the first time. */
        OPENED,
        /** Connected again after losing the connection. */
        RECONNECTED,
        /** The SAS token is near its end: the client reconnects at once with a fresh one. */
        TOKEN_RENEWAL,
        /** An established connection dropped (hub restart, network, keep-alive timeout). */
        CONNECTION_LOST,
        /** An attempt failed before it was connected (refused TCP, TLS failure, timeout). */
        CONNECT_FAILED,
        /** CONNACK 3: the hub is overloaded or throttling; retried with backoff. */
        SERVER_UNAVAILABLE,
        /** CONNACK 4 or 5: bad or unauthorised credentials; not retried. */
        CREDENTIALS_REFUSED,
        /** A fixed SAS token from the connection string expired; it cannot be renewed. */
        TOKEN_EXPIRED,
        /** The application closed the client. */
        CLIENT_CLOSED
    }
}
