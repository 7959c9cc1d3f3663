package io.bulwark.device.client;

import java.time.Duration;
import java.util.function.Consumer;

/** Everything a client was built with; checked by {@link DeviceClientBuilder}. */
record ClientSettings(String hostName, int port, DeviceCredentials credentials, HubTrust trust,
                      Duration tokenLifetime, double renewalFraction, Duration keepAlive, Duration connectTimeout,
                      Backoff backoff, int maxInFlight, int maxQueuedMessages, DirectoryOutbox outbox,
                      int maxMethodPayloadBytes, int maxPacketBytes, Duration operationTimeout,
                      Consumer<DeviceClientError> errorHandler, DeviceClientGroup group) {
}
