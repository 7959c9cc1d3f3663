package io.bulwark.bench;

import io.netty.handler.ssl.SslContext;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A running Mosquitto with a TLS listener and a password file: every device connects with the same user name and
 * password and its own client id. Mosquitto has no cloud-to-device queue, direct methods or twins; its honest
 * equivalent of a cloud-to-device message is a publish by another client (the "service", one more connection) that a
 * subscribed device receives, and that is what its cloud-to-device figure measures.
 */
final class MosquittoBroker implements Broker {

    private final InetSocketAddress address;
    private final String user;
    private final String password;
    private final SslContext tls;
    private final BrokerProcess process;
    private final List<BenchDevice> devices = new ArrayList<>();
    private Connector.Opened service;

    MosquittoBroker(DriverOptions options) throws Exception {
        this.address = new InetSocketAddress(options.host(), options.port());
        this.user = options.user();
        this.password = options.password();
        this.tls = ClientTls.pinning(options.serverCertificate());
        this.process = new BrokerProcess(options.pid());
    }

    @Override
    public String name() {
        return "mosquitto";
    }

    @Override
    public InetSocketAddress mqtt() {
        return address;
    }

    @Override
    public BrokerProcess process() {
        return process;
    }

    @Override
    public boolean isJvm() {
        return false;
    }

    @Override
    public synchronized List<BenchDevice> devices(int count) {
        while (devices.size() < count) {
            devices.add(new BenchDevice(String.format("bench-%06d", devices.size()), user, password, tls));
        }
        return List.copyOf(devices.subList(0, count));
    }

    @Override
    public double telemetryRateCap(int devices, int payloadBytes) {
        return Double.POSITIVE_INFINITY;
    }

    /** Mosquitto stores no telemetry stream: a message without subscribers is dropped once read. */
    @Override
    public java.util.OptionalLong storedTelemetry() {
        return java.util.OptionalLong.empty();
    }

    @Override
    public TelemetryConsumer openConsumer(Connector connector, io.netty.handler.codec.mqtt.MqttQoS qos)
            throws Exception {
        return BackendSubscriber.open(connector, new BenchDevice("bench-backend", user, password, tls), qos);
    }

    @Override
    public String consumerMeaning(io.netty.handler.codec.mqtt.MqttQoS qos) {
        return "what one subscriber on " + BackendSubscriber.FILTER + " received (QoS " + qos.value()
                + "; TLS; password)";
    }

    @Override
    public String[] subscriptions(BenchDevice device) {
        return new String[] {device.cloudToDeviceFilter()};
    }

    @Override
    public String cloudToDeviceMeaning() {
        return "pub-to-sub: a service client's QoS 1 PUBLISH until the subscribed device has it";
    }

    @Override
    public void openService(Connector connector) throws Exception {
        if (service == null) {
            service = connector.connect(List.of(new BenchDevice("bench-service", user, password, tls)), 1);
            if (service.connections().isEmpty()) {
                throw new IllegalStateException("the service client could not connect: " + service.firstFailure());
            }
        }
    }

    @Override
    public CompletableFuture<?> sendCloudToDevice(BenchDevice device, byte[] body) {
        return service.connections().get(0).publishTo(device.cloudToDeviceTopic(), body);
    }

    @Override
    public boolean hasMethodsAndTwins() {
        return false;
    }

    @Override
    public CompletableFuture<?> invokeMethod(BenchDevice device) {
        throw new UnsupportedOperationException("Mosquitto has no direct methods");
    }

    @Override
    public void close() throws InterruptedException {
        if (service != null) {
            service.channels().forEach(c -> c.close().awaitUninterruptibly(5, TimeUnit.SECONDS));
        }
    }
}
