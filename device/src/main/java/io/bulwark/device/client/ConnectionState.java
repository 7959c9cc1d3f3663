package io.bulwark.device.client;

/** Where a client's connection to the hub stands. */
public enum ConnectionState {
    /** A connection attempt is under way (TLS, CONNECT, subscriptions). */
    CONNECTING,
    /** Connected and subscribed: telemetry flows, handlers receive. */
    CONNECTED,
    /** Not connected; a retry is scheduled (see the reason and the retry delay). */
    DISCONNECTED,
    /** Closed for good: by {@link DeviceClient#close()}, or because the hub refused the credentials. */
    CLOSED
}
