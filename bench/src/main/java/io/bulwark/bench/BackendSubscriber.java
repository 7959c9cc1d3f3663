package io.bulwark.bench;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Mosquitto's back end: one MQTT client (TLS, the bench user's password, clean session) subscribed to
 * {@code devices/+/messages/events/#} at the QoS the devices publish with, counting the PUBLISHes it gets. It walks
 * packets without decoding them ({@link MqttFrames}) and answers a QoS 1 PUBLISH with a PUBACK written from its
 * packet id, all PUBACKs of one read in one flush: Mosquitto's delivery, not the subscriber, is what is measured.
 */
final class BackendSubscriber extends ByteToMessageDecoder implements TelemetryConsumer {

    static final String FILTER = "devices/+/messages/events/#";

    private final BenchDevice identity;
    private final MqttQoS qos;
    private final CompletableFuture<Void> subscribed = new CompletableFuture<>();
    private Channel channel;
    private ByteBuf acks;
    private boolean connected;
    private volatile long received;
    private volatile String failure;
    private volatile boolean closing;

    private BackendSubscriber(BenchDevice identity, MqttQoS qos) {
        this.identity = identity;
        this.qos = qos;
    }

    /** Connects and subscribes; returns once the SUBACK granted the subscription (at most 15 s). */
    static BackendSubscriber open(Connector connector, BenchDevice identity, MqttQoS qos) throws Exception {
        BackendSubscriber subscriber = new BackendSubscriber(identity, qos);
        subscriber.channel = connector.open(identity.tls(), subscriber);
        try {
            subscriber.subscribed.get(15, TimeUnit.SECONDS);
        } catch (Exception e) {
            subscriber.close();
            throw new IllegalStateException("the back-end subscriber could not subscribe: " + e.getMessage(), e);
        }
        return subscriber;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof SslHandshakeCompletionEvent handshake) {
            if (!handshake.isSuccess()) {
                subscribed.completeExceptionally(handshake.cause());
                ctx.close();
            } else {
                ctx.writeAndFlush(MqttMessageBuilders.connect().protocolVersion(MqttVersion.MQTT_3_1_1)
                        .clientId(identity.id()).cleanSession(true).keepAlive(300).hasUser(true)
                        .username(identity.userName()).hasPassword(true)
                        .password(identity.password().getBytes(StandardCharsets.UTF_8)).build());
            }
        }
        super.userEventTriggered(ctx, event);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        long[] publishes = new long[1];
        MqttFrames.walk(in, (type, flags, body, start, length) -> {
            if (type == MqttFrames.PUBLISH) {
                publishes[0]++;
                if (MqttFrames.qos(flags) == 1) {
                    pubAck(ctx, MqttFrames.publishPacketId(body, start));
                }
            } else if (type == MqttFrames.CONNACK) {
                onConnAck(ctx, length == 2 ? body.getUnsignedByte(start + 1) : -1);
            } else if (type == MqttFrames.SUBACK) {
                int granted = length >= 3 ? body.getUnsignedByte(start + 2) : 0x80;
                if (granted == 0x80) {
                    subscribed.completeExceptionally(new IllegalStateException("subscription refused"));
                } else {
                    subscribed.complete(null);
                }
            }
        });
        if (publishes[0] > 0) {
            // One writer (this event loop); others only read it.
            received = received + publishes[0];
        }
    }

    private void onConnAck(ChannelHandlerContext ctx, int code) {
        if (code != 0) {
            subscribed.completeExceptionally(new IllegalStateException("CONNACK return code " + code));
            ctx.close();
            return;
        }
        connected = true;
        ctx.writeAndFlush(MqttMessageBuilders.subscribe().messageId(1).addSubscription(qos, FILTER).build());
    }

    private void pubAck(ChannelHandlerContext ctx, int packetId) {
        if (acks == null) {
            acks = ctx.alloc().buffer(4 * 256);
        }
        acks.writeByte(0x40).writeByte(2).writeShort(packetId);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) throws Exception {
        if (acks != null) {
            ctx.writeAndFlush(acks);
            acks = null;
        }
        super.channelReadComplete(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (!closing) {
            failure = connected ? "the broker closed the subscriber's connection" : "closed before CONNACK";
        }
        subscribed.completeExceptionally(new IllegalStateException("connection closed"));
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        failure = "subscriber: " + cause;
        subscribed.completeExceptionally(cause);
        ctx.close();
    }

    @Override
    public long received() {
        return received;
    }

    @Override
    public String failure() {
        return failure;
    }

    @Override
    public void close() {
        closing = true;
        if (channel != null) {
            channel.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
    }
}
