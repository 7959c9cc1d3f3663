package io.bulwark.device.client;

import io.bulwark.protocol.mqtt.CloudToDeviceTopics;
import io.bulwark.protocol.mqtt.MethodTopics;
import io.bulwark.protocol.mqtt.TwinTopics;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connection life of one client: dial, CONNECT, subscribe, and then keep it that way. A lost connection is
 * retried after {@link Backoff} (full jitter, S-DOS-5); a SAS token is renewed at a fraction of its life by letting
 * the messages in flight finish and reconnecting at once with a fresh token (S-AUTH-4 closes connections whose token
 * expired); refused credentials end the client. Every change is reported to the state handlers. Runs on the client's
 * event loop.
 */
final class HubSession implements HubConnection.Listener {

    /** How long a renewal waits for messages in flight before it reconnects anyway (they are resent). */
    private static final Duration RENEWAL_GRACE = Duration.ofSeconds(2);
    private static final Logger LOG = LoggerFactory.getLogger(HubSession.class);

    private final ClientSettings settings;
    private final EventLoop loop;
    private final Executor callbacks;
    private final ClientTls tls;
    private final ConnectFields connectPacket;
    private final TelemetrySender telemetry;
    private final TwinChannel twin;
    private final DesiredSync desired;
    private final MethodDispatcher methods;
    private final CloudToDeviceDispatcher cloudToDevice;
    private final Consumer<DeviceClientError> errors;
    private final List<Consumer<ConnectionStateChange>> stateHandlers = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Void> firstConnect = new CompletableFuture<>();
    private volatile ConnectionState state = ConnectionState.DISCONNECTED;
    /** Set by close() before anything else, so that calls after it fail at once instead of on a stopped loop. */
    private volatile boolean closedByApplication;
    private HubConnection connection;
    private HubConnection connected;
    private Set<String> subscribed = Set.of();
    private int subscribeId;
    private int attempt;
    private boolean opened;
    private boolean everConnected;
    private boolean closing;
    private boolean renewing;
    private MqttConnectReturnCode refusal;
    /** When the current attempt's token was signed and when it expires (whole seconds, so up to 1 s early). */
    private Instant tokenSigned;
    private Instant tokenExpiry;
    private ScheduledFuture<?> deadline;
    private ScheduledFuture<?> renewal;
    private ScheduledFuture<?> retry;

    HubSession(ClientSettings settings, EventLoop loop, Executor callbacks, TelemetrySender telemetry,
               TwinChannel twin, DesiredSync desired, MethodDispatcher methods, CloudToDeviceDispatcher cloudToDevice,
               Consumer<DeviceClientError> errors) {
        this.settings = settings;
        this.loop = loop;
        this.callbacks = callbacks;
        this.tls = new ClientTls(settings.trust(), settings.credentials());
        this.connectPacket = new ConnectFields(settings.hostName(), settings.credentials(), settings.tokenLifetime(),
                settings.keepAlive());
        this.telemetry = telemetry;
        this.twin = twin;
        this.desired = desired;
        this.methods = methods;
        this.cloudToDevice = cloudToDevice;
        this.errors = errors;
    }

    CompletableFuture<Void> open() {
        if (closedByApplication) {
            return CompletableFuture.failedFuture(new DeviceClientException("the client is closed"));
        }
        loop.execute(() -> {
            if (closing) {
                firstConnect.completeExceptionally(new DeviceClientException("the client is closed"));
            } else if (!opened) {
                opened = true;
                dial(ConnectionStateChange.Reason.OPENED);
            }
        });
        return firstConnect;
    }

    /** Closes and waits (bounded) until the goodbye is written; from the client's own network thread, at once. */
    void close() {
        if (closedByApplication) {
            return;
        }
        closedByApplication = true;
        if (loop.inEventLoop()) {
            closeOnLoop();
            return;
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        loop.execute(() -> {
            closeOnLoop();
            done.complete(null);
        });
        try {
            done.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            // the event loop is gone; nothing is left to close
        }
    }

    boolean onNetworkThread() {
        return loop.inEventLoop();
    }

    private void closeOnLoop() {
        if (closing && connection == null) {
            return;
        }
        closing = true;
        cancelTimers();
        HubConnection last = connection;
        connection = null;
        connected = null;
        if (last != null) {
            last.disconnect();
        }
        finish(ConnectionStateChange.Reason.CLIENT_CLOSED, "closed by the application");
    }

    void addStateHandler(Consumer<ConnectionStateChange> handler) {
        stateHandlers.add(handler);
    }

    ConnectionState state() {
        return state;
    }

    /** A handler was registered: subscribe its topic on the current connection if not yet done. */
    void ensureSubscribed() {
        if (closedByApplication) {
            return;
        }
        loop.execute(() -> {
            if (connected == null) {
                return;
            }
            List<String> missing = new ArrayList<>(neededFilters());
            missing.removeAll(subscribed);
            if (missing.isEmpty()) {
                return;
            }
            Set<String> now = new HashSet<>(subscribed);
            now.addAll(missing);
            subscribed = now;
            connected.subscribe(telemetry.nextPacketId(), missing);
            if (missing.contains(TwinTopics.DESIRED_SUBSCRIPTION)) {
                desired.resync();
            }
        });
    }

    private void dial(ConnectionStateChange.Reason reason) {
        retry = null;
        if (closing) {
            return;
        }
        HubConnection.Connect connect;
        try {
            connect = connectPacket.next();
            tokenSigned = connectPacket.tokenSigned();
            tokenExpiry = connectPacket.tokenExpiry();
        } catch (DeviceClientException expired) {
            closing = true;
            finish(ConnectionStateChange.Reason.TOKEN_EXPIRED, expired.getMessage());
            return;
        }
        refusal = null;
        emit(ConnectionState.CONNECTING, reason, null, null);
        HubConnection attemptConnection = HubConnection.dial(loop, tls, settings.hostName(), settings.port(),
                settings.connectTimeout(), settings.maxPacketBytes(), connect, this);
        connection = attemptConnection;
        deadline = loop.schedule(() -> {
            if (connection == attemptConnection && connected != attemptConnection) {
                attemptConnection.fail(new DeviceClientException("not connected within "
                        + settings.connectTimeout().toSeconds() + " s"));
            }
        }, settings.connectTimeout().toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void connAck(HubConnection from, MqttConnectReturnCode code) {
        if (from != connection) {
            return;
        }
        if (code != MqttConnectReturnCode.CONNECTION_ACCEPTED) {
            refusal = code;
            from.fail(new DeviceClientException("the hub refused the connection: " + code));
            return;
        }
        List<String> filters = neededFilters();
        subscribed = new HashSet<>(filters);
        subscribeId = telemetry.nextPacketId();
        from.subscribe(subscribeId, filters);
    }

    @Override
    public void subAck(HubConnection from, int packetId) {
        if (from != connection || packetId != subscribeId || connected == from) {
            return;
        }
        deadline.cancel(false);
        connected = from;
        attempt = 0;
        ConnectionStateChange.Reason reason = renewing ? ConnectionStateChange.Reason.TOKEN_RENEWAL
                : everConnected ? ConnectionStateChange.Reason.RECONNECTED : ConnectionStateChange.Reason.OPENED;
        renewing = false;
        everConnected = true;
        emit(ConnectionState.CONNECTED, reason, null, null);
        telemetry.linkUp(from);
        twin.linkUp(from);
        desired.resync();
        firstConnect.complete(null);
        scheduleRenewal(from);
    }

    @Override
    public void publish(HubConnection from, String topic, MqttQoS qos, int packetId, byte[] payload) {
        if (from != connected) {
            return;
        }
        if (TwinTopics.isResponse(topic)) {
            twin.onResponse(topic, payload);
        } else if (TwinTopics.isDesiredPatch(topic)) {
            desired.onPatch(topic, payload);
        } else if (MethodTopics.isRequest(topic)) {
            methods.onRequest(from, () -> connected, topic, payload);
        } else if (topic.startsWith("devices/") && topic.contains("/messages/devicebound")) {
            cloudToDevice.onMessage(from, () -> connected, topic, qos, packetId, payload);
        } else {
            errors.accept(new DeviceClientError(DeviceClientError.Kind.UNEXPECTED_TOPIC,
                    "the hub published on a topic the client did not subscribe to; dropped"));
            if (qos == MqttQoS.AT_LEAST_ONCE) {
                from.acknowledge(packetId);
                from.flush();
            }
        }
    }

    @Override
    public void pubAck(HubConnection from, int packetId) {
        if (from != connected) {
            return;
        }
        telemetry.acknowledged(packetId);
        if (renewing && !telemetry.hasInFlight()) {
            from.disconnect();
        }
    }

    @Override
    public void closed(HubConnection from, Throwable cause) {
        if (from != connection) {
            return;
        }
        boolean wasConnected = connected == from;
        cancelTimers();
        connection = null;
        connected = null;
        telemetry.linkDown();
        twin.linkDown();
        if (closing) {
            return;
        }
        if (refusal == MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USER_NAME_OR_PASSWORD
                || refusal == MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED) {
            // The Azure SDKs treat 4 and 5 as fatal too: retrying refused credentials only feeds the hub's audit log.
            closing = true;
            finish(ConnectionStateChange.Reason.CREDENTIALS_REFUSED, "the hub refused the credentials (" + refusal
                    + ")");
            return;
        }
        if (renewing && wasConnected) {
            dial(ConnectionStateChange.Reason.TOKEN_RENEWAL);
            return;
        }
        renewing = false;
        ConnectionStateChange.Reason reason = wasConnected ? ConnectionStateChange.Reason.CONNECTION_LOST
                : refusal != null ? ConnectionStateChange.Reason.SERVER_UNAVAILABLE
                : ConnectionStateChange.Reason.CONNECT_FAILED;
        Duration delay = settings.backoff().delay(attempt);
        attempt = Math.min(attempt + 1, 62);
        emit(ConnectionState.DISCONNECTED, reason, delay, describe(cause));
        retry = loop.schedule(() -> dial(reason), delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void scheduleRenewal(HubConnection on) {
        if (!(settings.credentials() instanceof SymmetricKeyCredentials)) {
            return;
        }
        // A fraction of the token's real life (its expiry is in whole seconds), counted from when it was signed.
        long life = Duration.between(tokenSigned, tokenExpiry).toMillis();
        long after = Math.max(0, (long) (life * settings.renewalFraction())
                - Duration.between(tokenSigned, Instant.now()).toMillis());
        renewal = loop.schedule(() -> {
            if (connected != on || closing) {
                return;
            }
            renewing = true;
            telemetry.pause();
            if (!telemetry.hasInFlight()) {
                on.disconnect();
            } else {
                long grace = Math.min(RENEWAL_GRACE.toMillis(), settings.tokenLifetime().toMillis() / 10);
                loop.schedule(() -> {
                    if (connected == on) {
                        on.disconnect();
                    }
                }, grace, TimeUnit.MILLISECONDS);
            }
        }, after, TimeUnit.MILLISECONDS);
    }

    private List<String> neededFilters() {
        List<String> filters = new ArrayList<>();
        filters.add(TwinTopics.RESPONSE_SUBSCRIPTION);
        if (desired.hasHandler()) {
            filters.add(TwinTopics.DESIRED_SUBSCRIPTION);
        }
        if (methods.hasHandlers()) {
            filters.add(MethodTopics.SUBSCRIPTION);
        }
        if (cloudToDevice.hasHandler()) {
            DeviceCredentials credentials = settings.credentials();
            filters.add(CloudToDeviceTopics.subscription(credentials.deviceId(), credentials.moduleId()));
        }
        return filters;
    }

    private void finish(ConnectionStateChange.Reason reason, String detail) {
        cancelTimers();
        telemetry.close();
        twin.close();
        emit(ConnectionState.CLOSED, reason, null, detail);
        firstConnect.completeExceptionally(new DeviceClientException("the client closed before it connected: "
                + detail));
    }

    private void cancelTimers() {
        for (ScheduledFuture<?> timer : new ScheduledFuture<?>[] {deadline, renewal, retry}) {
            if (timer != null) {
                timer.cancel(false);
            }
        }
    }

    private void emit(ConnectionState newState, ConnectionStateChange.Reason reason, Duration retryIn, String detail) {
        state = newState;
        ConnectionStateChange change = new ConnectionStateChange(newState, reason, Instant.now(), retryIn, detail);
        LOG.debug("{} {}: {} ({}){}", settings.credentials().deviceId(), newState, reason,
                detail == null ? "" : detail, retryIn == null ? "" : ", retry in " + retryIn.toMillis() + " ms");
        for (Consumer<ConnectionStateChange> handler : stateHandlers) {
            callbacks.execute(() -> {
                try {
                    handler.accept(change);
                } catch (RuntimeException e) {
                    errors.accept(new DeviceClientError(DeviceClientError.Kind.HANDLER_FAILED,
                            "the connection-state handler threw " + e.getClass().getSimpleName()));
                }
            });
        }
    }

    /** The kind of failure and its message, which for TLS and sockets names hosts and reasons, never credentials. */
    private static String describe(Throwable cause) {
        if (cause == null) {
            return "closed by the hub";
        }
        Throwable root = cause;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return root.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
