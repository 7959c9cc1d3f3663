package io.bulwark.bench;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPubAckMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttVersion;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import org.HdrHistogram.Recorder;

/**
 * One simulated device: connects with its SAS token, then publishes QoS 1 telemetry, either keeping a window of
 * messages in flight (flat out) or one message per tick (fixed rate), and records each PUBACK's latency.
 */
final class LoadConnection extends SimpleChannelInboundHandler<MqttMessage> {

    private final String deviceId;
    private final String userName;
    private final String password;
    private final byte[] payload;
    private final Recorder latencies;
    private final LoadCounters counters;
    private final long[] sentAt = new long[65_536];
    final CompletableFuture<Void> connected = new CompletableFuture<>();
    private ChannelHandlerContext ctx;
    private int nextPacketId = 1;
    private int inFlight;
    volatile boolean running;
    int window;

    LoadConnection(String deviceId, String userName, String password, byte[] payload, Recorder latencies,
                   LoadCounters counters) {
        this.deviceId = deviceId;
        this.userName = userName;
        this.password = password;
        this.payload = payload;
        this.latencies = latencies;
        this.counters = counters;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        ctx.writeAndFlush(MqttMessageBuilders.connect().protocolVersion(MqttVersion.MQTT_3_1_1).clientId(deviceId)
                .cleanSession(false).keepAlive(300).hasUser(true).username(userName).hasPassword(true)
                .password(password.getBytes(StandardCharsets.UTF_8)).build());
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, MqttMessage message) {
        MqttMessageType type = message.fixedHeader().messageType();
        if (type == MqttMessageType.CONNACK) {
            MqttConnectReturnCode code = ((MqttConnAckMessage) message).variableHeader().connectReturnCode();
            if (code == MqttConnectReturnCode.CONNECTION_ACCEPTED) {
                connected.complete(null);
            } else {
                connected.completeExceptionally(new IllegalStateException(deviceId + " refused: " + code));
            }
        } else if (type == MqttMessageType.PUBACK) {
            int packetId = ((MqttPubAckMessage) message).variableHeader().messageId();
            latencies.recordValue(Math.max(1, (System.nanoTime() - sentAt[packetId]) / 1_000));
            counters.acknowledged.increment();
            inFlight--;
            if (running && window > 0) {
                fillWindow();
            }
        }
    }

    /** Flat out: keep {@code window} messages in flight. Runs on the connection's event loop. */
    void startFlatOut(int window) {
        ctx.executor().execute(() -> {
            this.window = window;
            running = true;
            fillWindow();
        });
    }

    /** Fixed rate: one message now (called by a scheduler on the event loop). */
    void publishOne() {
        if (running && inFlight < 1_000) {
            publish();
        }
    }

    void startFixedRate() {
        window = 0;
        running = true;
    }

    void stop() {
        running = false;
    }

    private void fillWindow() {
        while (inFlight < window) {
            publish();
        }
    }

    private void publish() {
        int packetId = nextPacketId;
        nextPacketId = nextPacketId % 65_535 + 1;
        sentAt[packetId] = System.nanoTime();
        inFlight++;
        counters.sent.increment();
        ctx.writeAndFlush(MqttMessageBuilders.publish().topicName("devices/" + deviceId + "/messages/events/")
                .qos(MqttQoS.AT_LEAST_ONCE).messageId(packetId).payload(Unpooled.wrappedBuffer(payload)).build());
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        connected.completeExceptionally(cause);
        ctx.close();
    }
}
