package io.bulwark.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPubAckMessage;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;

/**
 * One simulated device on one connection. Sends CONNECT once TLS is up (with its SAS token or password, or none when
 * its certificate is the proof); then, on command, publishes telemetry (a window in flight, or one per pacer tick),
 * answers direct methods, takes cloud-to-device messages and patches its reported properties, recording latencies in
 * the shared {@link LoadProbes}. All its state belongs to its event loop: commands from other threads hop onto it.
 */
final class DeviceConnection extends SimpleChannelInboundHandler<MqttMessage> {

    /** Per QoS 1 message in flight; the hub allows 16, so the driver never has more than that. */
    static final int MAX_IN_FLIGHT = 16;
    /**
     * Send times of QoS 1 messages in flight, by packet id modulo this size: enough for a service connection's
     * unwindowed publishes, small enough for tens of thousands of connections (allocated on the first publish).
     */
    private static final int TRACKED = 1024;
    private static final String METHOD_REQUEST = "$iothub/methods/POST/";
    private static final String TWIN_ANSWER = "$iothub/twin/res/";

    private final BenchDevice device;
    private final LoadProbes probes;
    final CompletableFuture<Void> connected = new CompletableFuture<>();
    private long[] sentAt;
    private final Map<String, Long> twinSentAt = new HashMap<>();
    /** PINGREQs waiting for their PINGRESP, each with the telemetry count it fences. */
    private final Queue<Fence> pings = new ArrayDeque<>();
    private CompletableFuture<Void> subscribed;
    private ChannelHandlerContext ctx;
    private int nextPacketId = 1;
    /** Telemetry messages written on this connection, and that count when the current phase began. */
    private long telemetryWritten;
    private long writtenAtMark;
    private int nextRequestId = 1;
    private int inFlight;
    private int window;
    private boolean flatOutQos0;
    private byte[] payload = new byte[0];
    /** Set once the connection is gone (the broker closed it, or the driver did). */
    volatile boolean closed;
    volatile String tlsProtocol;
    /** Whether the handshake resumed a TLS session (then it was no full handshake); null if the engine cannot say. */
    volatile Boolean resumed;

    DeviceConnection(BenchDevice device, LoadProbes probes) {
        this.device = device;
        this.probes = probes;
    }

    BenchDevice device() {
        return device;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof SslHandshakeCompletionEvent handshake) {
            if (!handshake.isSuccess()) {
                connected.completeExceptionally(handshake.cause());
                ctx.close();
                return;
            }
            var engine = ctx.pipeline().get(SslHandler.class).engine();
            tlsProtocol = engine.getSession().getProtocol();
            resumed = TlsSessions.reused(engine);
            MqttMessageBuilders.ConnectBuilder connect = MqttMessageBuilders.connect()
                    .protocolVersion(MqttVersion.MQTT_3_1_1).clientId(device.id()).cleanSession(false)
                    .keepAlive(300).hasUser(true).username(device.userName());
            if (device.password() != null) {
                connect.hasPassword(true).password(device.password().getBytes(StandardCharsets.UTF_8));
            }
            ctx.writeAndFlush(connect.build());
        }
        ctx.fireUserEventTriggered(event);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, MqttMessage message) {
        switch (message.fixedHeader().messageType()) {
            case CONNACK -> {
                MqttConnectReturnCode code = ((MqttConnAckMessage) message).variableHeader().connectReturnCode();
                if (code == MqttConnectReturnCode.CONNECTION_ACCEPTED) {
                    connected.complete(null);
                } else {
                    connected.completeExceptionally(new IllegalStateException(device.id() + " refused: " + code));
                }
            }
            case PUBACK -> {
                int packetId = ((MqttPubAckMessage) message).variableHeader().messageId();
                probes.puback.recordValue(Math.max(1, (System.nanoTime() - sentAt[packetId % TRACKED]) / 1_000));
                probes.acknowledged.increment();
                inFlight--;
                if (window > 0) {
                    fillWindow();
                }
            }
            case PUBLISH -> received((MqttPublishMessage) message);
            case SUBACK -> {
                if (subscribed != null) {
                    subscribed.complete(null);
                }
            }
            case PINGRESP -> {
                Fence ping = pings.poll();
                if (ping != null) {
                    ping.done().complete(ping.written());
                }
            }
            default -> { }
        }
    }

    private void received(MqttPublishMessage publish) {
        String topic = publish.variableHeader().topicName();
        if (publish.fixedHeader().qosLevel() == MqttQoS.AT_LEAST_ONCE) {
            ctx.writeAndFlush(MqttMessageBuilders.pubAck().packetId(publish.variableHeader().packetId()).build());
        }
        if (topic.startsWith(METHOD_REQUEST)) {
            ctx.writeAndFlush(publishMessage("$iothub/methods/res/200/?$rid=" + requestId(topic), MqttQoS.AT_MOST_ONCE,
                    0, "{}".getBytes(StandardCharsets.UTF_8)));
            probes.methodsAnswered.increment();
        } else if (topic.startsWith(TWIN_ANSWER)) {
            Long sent = twinSentAt.remove(requestId(topic));
            if (sent != null) {
                if (topic.startsWith(TWIN_ANSWER + "204/")) {
                    probes.twin.recordValue(Math.max(1, (System.nanoTime() - sent) / 1_000));
                } else {
                    probes.twinRefused.increment();
                }
            }
        } else if (topic.contains("/messages/devicebound/")) {
            ByteBuf body = publish.payload();
            if (body.readableBytes() >= Long.BYTES) {
                // The sender put its System.nanoTime() first; sender and device share this JVM's clock.
                probes.cloudToDeviceArrived(body.getLong(body.readerIndex()));
            }
        }
    }

    /** Subscribes to the given filters at QoS 1; completes on the SUBACK. */
    CompletableFuture<Void> subscribe(String... filters) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        ctx.executor().execute(() -> {
            subscribed = done;
            MqttMessageBuilders.SubscribeBuilder subscribe = MqttMessageBuilders.subscribe()
                    .messageId(packetId());
            for (String filter : filters) {
                subscribe.addSubscription(MqttQoS.AT_LEAST_ONCE, filter);
            }
            ctx.writeAndFlush(subscribe.build());
        });
        return done;
    }

    /** The payload telemetry carries from now on. */
    void usePayload(byte[] bytes) {
        ctx.executor().execute(() -> payload = bytes);
    }

    /** Flat out at QoS 1: keeps {@code window} messages in flight until {@link #stop()}. */
    void startFlatOutQos1(int messagesInFlight) {
        if (messagesInFlight < 1 || messagesInFlight > MAX_IN_FLIGHT) {
            throw new IllegalArgumentException("window must be 1 to " + MAX_IN_FLIGHT);
        }
        ctx.executor().execute(() -> {
            window = messagesInFlight;
            fillWindow();
        });
    }

    /** Flat out at QoS 0: writes as long as TCP takes it (the channel stays writable) until {@link #stop()}. */
    void startFlatOutQos0() {
        ctx.executor().execute(() -> {
            flatOutQos0 = true;
            writeQos0Batch();
        });
    }

    void stop() {
        ctx.executor().execute(() -> {
            window = 0;
            flatOutQos0 = false;
        });
    }

    /** One telemetry message now, unless this device's window is already full (then counted, not sent). */
    void publishPaced(MqttQoS qos) {
        ctx.executor().execute(() -> {
            if (qos == MqttQoS.AT_LEAST_ONCE && inFlight >= MAX_IN_FLIGHT) {
                probes.windowFull.increment();
                return;
            }
            ctx.writeAndFlush(telemetry(qos));
        });
    }

    /**
     * Publishes {@code body} on another topic at QoS 1 (a Mosquitto "service" standing in for C2D), up to 1024 in
     * flight; the future fails when that many are already waiting for their PUBACK.
     */
    CompletableFuture<Void> publishTo(String topic, byte[] body) {
        CompletableFuture<Void> sent = new CompletableFuture<>();
        ctx.executor().execute(() -> {
            if (inFlight >= TRACKED) {
                sent.completeExceptionally(new IllegalStateException("service: " + TRACKED + " PUBACKs outstanding"));
                return;
            }
            ctx.writeAndFlush(publishMessage(topic, MqttQoS.AT_LEAST_ONCE, track(), body));
            sent.complete(null);
        });
        return sent;
    }

    /** Patches the reported property {@code bench}; the answer's latency lands in {@link LoadProbes#twin}. */
    void patchReported() {
        ctx.executor().execute(() -> {
            String rid = Integer.toString(nextRequestId++);
            twinSentAt.put(rid, System.nanoTime());
            ctx.writeAndFlush(publishMessage("$iothub/twin/PATCH/properties/reported/?$rid=" + rid,
                    MqttQoS.AT_MOST_ONCE, 0, ("{\"bench\":" + rid + "}").getBytes(StandardCharsets.UTF_8)));
        });
    }

    /** From now on {@link #ping()} counts the telemetry written after this point. */
    void markPhaseStart() {
        ctx.executor().execute(() -> writtenAtMark = telemetryWritten);
    }

    /**
     * A PINGREQ; completes on its PINGRESP with the telemetry messages written since {@link #markPhaseStart()} and
     * before the PINGREQ. A broker reads a connection's packets in order, so the answer means every one of them has
     * been read: the end of a QoS 0 phase.
     */
    CompletableFuture<Long> ping() {
        CompletableFuture<Long> done = new CompletableFuture<>();
        ctx.executor().execute(() -> {
            if (closed) {
                done.completeExceptionally(new IllegalStateException(device.id() + ": closed"));
                return;
            }
            pings.add(new Fence(done, telemetryWritten - writtenAtMark));
            ctx.writeAndFlush(new MqttMessage(new MqttFixedHeader(MqttMessageType.PINGREQ, false,
                    MqttQoS.AT_MOST_ONCE, false, 0))).addListener(written -> {
                        if (!written.isSuccess()) {
                            done.completeExceptionally(written.cause());
                        }
                    });
        });
        return done;
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (flatOutQos0 && ctx.channel().isWritable()) {
            writeQos0Batch();
        }
        ctx.fireChannelWritabilityChanged();
    }

    private void writeQos0Batch() {
        // A bounded batch, then yield the loop to the other connections on it; go on when writable again.
        for (int i = 0; i < 64 && flatOutQos0 && ctx.channel().isWritable(); i++) {
            ctx.write(telemetry(MqttQoS.AT_MOST_ONCE));
        }
        ctx.flush();
        if (flatOutQos0 && ctx.channel().isWritable()) {
            ctx.executor().execute(this::writeQos0Batch);
        }
    }

    private void fillWindow() {
        boolean wrote = false;
        while (inFlight < window) {
            ctx.write(telemetry(MqttQoS.AT_LEAST_ONCE));
            wrote = true;
        }
        if (wrote) {
            ctx.flush();
        }
    }

    private MqttPublishMessage telemetry(MqttQoS qos) {
        probes.published.increment();
        telemetryWritten++;
        int packetId = qos == MqttQoS.AT_LEAST_ONCE ? track() : 0;
        return publishMessage(device.telemetryTopic(), qos, packetId, payload);
    }

    /** A packet id for a QoS 1 message whose PUBACK is timed. */
    private int track() {
        if (sentAt == null) {
            sentAt = new long[TRACKED];
        }
        int packetId = packetId();
        sentAt[packetId % TRACKED] = System.nanoTime();
        inFlight++;
        return packetId;
    }

    private int packetId() {
        int packetId = nextPacketId;
        nextPacketId = nextPacketId % 65_535 + 1;
        return packetId;
    }

    private static MqttPublishMessage publishMessage(String topic, MqttQoS qos, int packetId, byte[] body) {
        return MqttMessageBuilders.publish().topicName(topic).qos(qos).messageId(packetId)
                .payload(Unpooled.wrappedBuffer(body)).build();
    }

    private record Fence(CompletableFuture<Long> done, long written) {
    }

    /** The {@code $rid} of a {@code ...?$rid=7&...} topic. */
    static String requestId(String topic) {
        int start = topic.indexOf("$rid=");
        if (start < 0) {
            return "";
        }
        start += "$rid=".length();
        int end = topic.indexOf('&', start);
        return end < 0 ? topic.substring(start) : topic.substring(start, end);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        closed = true;
        // Closed before its CONNACK: refused by the per-source limit, or a failed handshake.
        connected.completeExceptionally(new IllegalStateException(device.id() + ": connection closed before CONNACK"));
        pings.forEach(p -> p.done().completeExceptionally(new IllegalStateException(device.id() + ": closed")));
        if (subscribed != null) {
            subscribed.completeExceptionally(new IllegalStateException(device.id() + ": closed"));
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        probes.firstConnectionError.compareAndSet(null, device.id() + ": " + cause);
        connected.completeExceptionally(cause);
        ctx.close();
    }
}
