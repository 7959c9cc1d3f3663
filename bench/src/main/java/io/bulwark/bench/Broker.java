package io.bulwark.bench;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The broker a driver run measures: where it listens, its process, its devices' credentials, and how a service
 * reaches a device (cloud-to-device messages and direct methods), where the broker has such a thing.
 */
interface Broker extends AutoCloseable {

    /** "bulwark" or "mosquitto", as in the results. */
    String name();

    InetSocketAddress mqtt();

    BrokerProcess process();

    /** Whether the process is a JVM, whose memory is read after a full GC. */
    boolean isJvm();

    /** The first {@code count} devices, registered on the broker if it has a registry; the same ones every call. */
    List<BenchDevice> devices(int count) throws Exception;

    /** The most telemetry {@code devices} may send per second by the broker's own per-device limits. */
    double telemetryRateCap(int devices, int payloadBytes);

    /** How many telemetry messages the broker has stored so far, where it can say (Bulwark: its stream's offset). */
    java.util.OptionalLong storedTelemetry() throws Exception;

    /**
     * Opens a back end that gets every device's telemetry from now on (Bulwark: a reader of its telemetry stream;
     * Mosquitto: a subscriber to all devices' events at {@code qos}), counting what it receives.
     */
    TelemetryConsumer openConsumer(Connector connector, io.netty.handler.codec.mqtt.MqttQoS qos) throws Exception;

    /** What that back end is, for the results' note. */
    String consumerMeaning(io.netty.handler.codec.mqtt.MqttQoS qos);

    /** The filters a device subscribes to before the round-trip scenarios. */
    String[] subscriptions(BenchDevice device);

    /** How this broker's cloud-to-device figure is measured, for the results' note. */
    String cloudToDeviceMeaning();

    /** Starts whatever sends cloud-to-device messages (a REST client, or a service connection). */
    void openService(Connector connector) throws Exception;

    /** Sends {@code body} to {@code device} as a cloud-to-device message; completes when the broker took it. */
    CompletableFuture<?> sendCloudToDevice(BenchDevice device, byte[] body);

    /**
     * How many connections the service side ({@link #sendCloudToDevice}, {@link #invokeMethod}) has opened so far,
     * where it opens its own (Bulwark: the driver's keep-alive HTTPS connections); empty otherwise.
     */
    default java.util.OptionalLong serviceConnectionsOpened() {
        return java.util.OptionalLong.empty();
    }

    /**
     * The broker's own histogram of QoS 1 acknowledgement latency so far (Bulwark: PUBLISH read until its PUBACK
     * written, from {@code /metrics}), cumulative since it started; empty where the broker publishes none.
     */
    default java.util.Optional<PrometheusHistogram> acknowledgementLatency() throws Exception {
        return java.util.Optional.empty();
    }

    /** Whether direct methods and twins exist on this broker. */
    boolean hasMethodsAndTwins();

    /** Calls direct method {@code ping} on the device; completes with the device's answer. */
    CompletableFuture<?> invokeMethod(BenchDevice device);

    @Override
    void close() throws Exception;
}
