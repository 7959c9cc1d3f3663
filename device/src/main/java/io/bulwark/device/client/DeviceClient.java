package io.bulwark.device.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.channel.EventLoop;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A device's connection to a Bulwark hub (or anything speaking the Azure IoT Hub device protocol over MQTT): telemetry
 * at QoS 1, cloud-to-device messages, direct methods, the twin, with reconnection, token renewal and an optional
 * outbox. Built with {@link #builder()}; see docs/device-sdk.md.
 *
 * <p>All methods are thread-safe. Handlers run on the client's handler thread (one at a time, in order), never on the
 * network thread; they should not block for long, as clients of one {@link DeviceClientGroup} share the handler
 * threads.
 */
public final class DeviceClient implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DeviceClient.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ClientSettings settings;
    private final DeviceClientGroup ownGroup;
    private final TelemetrySender telemetry;
    private final TwinChannel twin;
    private final DesiredSync desired;
    private final MethodDispatcher methods;
    private final CloudToDeviceDispatcher cloudToDevice;
    private final HubSession session;

    DeviceClient(ClientSettings settings) {
        this.settings = settings;
        this.ownGroup = settings.group() == null ? new DeviceClientGroup(1, 2) : null;
        DeviceClientGroup group = settings.group() == null ? ownGroup : settings.group();
        EventLoop loop = group.nextLoop();
        SerialExecutor callbacks = new SerialExecutor(group.callbacks());
        Consumer<DeviceClientError> errors = errorReporter(callbacks, settings.errorHandler());
        DeviceCredentials credentials = settings.credentials();
        this.telemetry = new TelemetrySender(loop, group.callbacks(), credentials.deviceId(), credentials.moduleId(),
                settings.maxInFlight(), settings.maxQueuedMessages(), settings.outbox(), errors);
        this.twin = new TwinChannel(loop, settings.operationTimeout(), errors);
        this.desired = new DesiredSync(twin, loop, callbacks, errors);
        this.methods = new MethodDispatcher(settings.maxMethodPayloadBytes(), loop, callbacks, errors);
        this.cloudToDevice = new CloudToDeviceDispatcher(credentials.deviceId(), credentials.moduleId(), loop,
                callbacks, errors);
        this.session = new HubSession(settings, loop, callbacks, telemetry, twin, desired, methods, cloudToDevice,
                errors);
    }

    public static DeviceClientBuilder builder() {
        return new DeviceClientBuilder();
    }

    /**
     * Starts connecting and keeps the client connected until {@link #close()}. The future completes at the first
     * successful connection; while the hub is unreachable the client keeps retrying with backoff and the future
     * stays open (wait on it with a timeout: {@code client.open().get(30, SECONDS)}). It fails if the hub refuses the
     * credentials (CONNACK 4 or 5) or the client is closed first. Handlers registered before {@code open()} are in
     * place before the first message can arrive.
     */
    public CompletableFuture<Void> open() {
        return session.open();
    }

    /**
     * Sends a DISCONNECT and stops. Futures of messages not yet acknowledged fail; messages in the outbox stay there
     * and are sent by the next client over the same directory. Blocks for at most about ten seconds.
     */
    @Override
    public void close() {
        boolean fromNetworkThread = session.onNetworkThread();
        session.close();
        if (ownGroup != null) {
            if (fromNetworkThread) {
                ownGroup.closeLater(); // a thread cannot wait for its own end
            } else {
                ownGroup.close();
            }
        }
    }

    /**
     * Sends a telemetry message at QoS 1. The future completes when the hub acknowledges it (PUBACK: the message is
     * durable in the hub's stream), fails with {@link OutboxFullException} when the queue or outbox is full, and
     * with {@link DeviceClientException} when the client closes first. Works while disconnected: the message waits
     * (in memory, or on disk with an outbox, where it is stored before this method returns).
     */
    public CompletableFuture<Void> sendTelemetry(DeviceMessage message) {
        return telemetry.submit(message);
    }

    /** Receives cloud-to-device messages; the handler must complete, abandon or reject each. */
    public void onCloudToDeviceMessage(CloudToDeviceHandler handler) {
        cloudToDevice.handler(handler);
        session.ensureSubscribed();
    }

    /** Answers the direct method {@code name}; unknown methods are answered 404. */
    public void onMethod(String name, MethodHandler handler) {
        methods.register(name, handler);
        session.ensureSubscribed();
    }

    /** Reads the twin's desired and reported properties. */
    public CompletableFuture<Twin> getTwin() {
        return twin.get();
    }

    /** Merges a patch into the reported properties ({@code null} deletes a key); the future holds the new version. */
    public CompletableFuture<Long> updateReportedProperties(Map<String, ?> patch) {
        return twin.patchReported(JSON.valueToTree(patch));
    }

    public CompletableFuture<Long> updateReportedProperties(JsonNode patch) {
        return twin.patchReported(patch);
    }

    /**
     * Receives each desired-properties patch, and after every connect (the first one included) the full desired
     * document, so that changes made while the device was offline are never missed.
     */
    public void onDesiredPropertiesChanged(DesiredPropertiesHandler handler) {
        desired.handler(handler);
        session.ensureSubscribed();
    }

    public void onConnectionStateChanged(Consumer<ConnectionStateChange> handler) {
        session.addStateHandler(handler);
    }

    public ConnectionState state() {
        return session.state();
    }

    public String deviceId() {
        return settings.credentials().deviceId();
    }

    private static Consumer<DeviceClientError> errorReporter(SerialExecutor callbacks,
                                                             Consumer<DeviceClientError> handler) {
        return error -> {
            LOG.warn("{}: {}", error.kind(), error.detail());
            if (handler != null) {
                callbacks.execute(() -> {
                    try {
                        handler.accept(error);
                    } catch (RuntimeException e) {
                        LOG.warn("the error handler threw {}", e.getClass().getSimpleName());
                    }
                });
            }
        };
    }

    @Override
    public String toString() {
        return "DeviceClient[" + settings.hostName() + ":" + settings.port() + ", " + settings.credentials() + "]";
    }
}
