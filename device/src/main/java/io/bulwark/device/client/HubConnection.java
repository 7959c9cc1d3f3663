package io.bulwark.device.client;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPubAckMessage;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttPublishVariableHeader;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttSubAckMessage;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One MQTT-over-TLS connection to the hub: dials, sends CONNECT once TLS is up, keeps the connection alive with
 * PINGREQ, and reports what arrives to its {@link Listener}. Everything runs on the client's event loop. A new
 * connection object is made for every attempt, so late events of an old connection can be told apart.
 */
final class HubConnection extends SimpleChannelInboundHandler<MqttMessage> implements Link {

    /** The CONNECT fields of one attempt; the password is the SAS token, or null for X.509. */
    record Connect(String clientId, String userName, byte[] password, Duration keepAlive) {
    }

    /** Events of one connection, delivered on the event loop. */
    interface Listener {
        void connAck(HubConnection connection, MqttConnectReturnCode code);

        void subAck(HubConnection connection, int packetId);

        void publish(HubConnection connection, String topic, MqttQoS qos, int packetId, byte[] payload);

        void pubAck(HubConnection connection, int packetId);

        void closed(HubConnection connection, Throwable cause);
    }

    private final Listener listener;
    private final Connect connect;
    private Channel channel;
    private Throwable failure;
    private boolean closedReported;

    private HubConnection(Listener listener, Connect connect) {
        this.listener = listener;
        this.connect = connect;
    }

    static HubConnection dial(EventLoop loop, ClientTls tls, String host, int port, Duration connectTimeout,
                              int maxPacketBytes, Connect connect, Listener listener) {
        HubConnection connection = new HubConnection(listener, connect);
        long keepAlive = Math.max(1, connect.keepAlive().toSeconds());
        Bootstrap bootstrap = new Bootstrap().group(loop).channel(NioSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis()))
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        channel.pipeline().addLast("tls", tls.newHandler(channel.alloc(), host, port));
                        channel.pipeline().addLast("decoder", new MqttDecoder(maxPacketBytes));
                        channel.pipeline().addLast("encoder", MqttEncoder.INSTANCE);
                        // Ping when we have been quiet for a keep-alive; give up when the hub has been silent for
                        // one and a half (MQTT 3.1.1, 3.1.2.10).
                        channel.pipeline().addLast("keep-alive",
                                new IdleStateHandler(keepAlive * 3 / 2 + 1, keepAlive, 0, TimeUnit.SECONDS));
                        channel.pipeline().addLast("session", connection);
                    }
                });
        ChannelFuture dialled = bootstrap.connect(host, port);
        connection.channel = dialled.channel();
        // A channel that never became active fires no channelInactive; its close future always completes.
        connection.channel.closeFuture().addListener(closed -> connection.reportClosed());
        dialled.addListener((ChannelFutureListener) done -> {
            if (!done.isSuccess()) {
                connection.fail(done.cause());
            }
        });
        return connection;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof SslHandshakeCompletionEvent handshake) {
            if (handshake.isSuccess()) {
                sendConnect(ctx);
            } else {
                fail(handshake.cause());
            }
        } else if (event instanceof IdleStateEvent idle) {
            if (idle.state() == io.netty.handler.timeout.IdleState.READER_IDLE) {
                fail(new DeviceClientException("the hub was silent for longer than the keep-alive"));
            } else {
                ctx.writeAndFlush(new MqttMessage(new MqttFixedHeader(MqttMessageType.PINGREQ, false,
                        MqttQoS.AT_MOST_ONCE, false, 0)));
            }
        }
        super.userEventTriggered(ctx, event);
    }

    private void sendConnect(ChannelHandlerContext ctx) {
        MqttMessageBuilders.ConnectBuilder builder = MqttMessageBuilders.connect()
                .protocolVersion(MqttVersion.MQTT_3_1_1)
                .clientId(connect.clientId())
                .username(connect.userName())
                .keepAlive((int) Math.min(65_535, connect.keepAlive().toSeconds()))
                // As the Azure Java SDK: the hub keeps no session either way, CleanSession=0 is what it expects.
                .cleanSession(false);
        if (connect.password() != null) {
            builder.password(connect.password());
        }
        ctx.writeAndFlush(builder.build());
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, MqttMessage message) {
        if (message.decoderResult().isFailure()) {
            fail(new DeviceClientException("the hub sent a packet that does not decode: "
                    + message.decoderResult().cause().getClass().getSimpleName()));
            return;
        }
        switch (message.fixedHeader().messageType()) {
            case CONNACK -> listener.connAck(this, ((MqttConnAckMessage) message).variableHeader().connectReturnCode());
            case SUBACK -> listener.subAck(this, ((MqttSubAckMessage) message).variableHeader().messageId());
            case PUBACK -> listener.pubAck(this, ((MqttPubAckMessage) message).variableHeader().messageId());
            case PUBLISH -> {
                MqttPublishMessage publish = (MqttPublishMessage) message;
                MqttPublishVariableHeader header = publish.variableHeader();
                listener.publish(this, header.topicName(), publish.fixedHeader().qosLevel(), header.packetId(),
                        ByteBufUtil.getBytes(publish.payload()));
            }
            case PINGRESP, UNSUBACK -> {
            }
            default -> fail(new DeviceClientException("the hub sent an unexpected "
                    + message.fixedHeader().messageType()));
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        fail(cause);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        reportClosed();
        super.channelInactive(ctx);
    }

    void subscribe(int packetId, List<String> filters) {
        MqttMessageBuilders.SubscribeBuilder subscribe = MqttMessageBuilders.subscribe().messageId(packetId);
        filters.forEach(filter -> subscribe.addSubscription(MqttQoS.AT_LEAST_ONCE, filter));
        channel.writeAndFlush(subscribe.build());
    }

    @Override
    public void publish(String topic, MqttQoS qos, int packetId, byte[] payload, boolean duplicate) {
        MqttFixedHeader fixed = new MqttFixedHeader(MqttMessageType.PUBLISH, duplicate, qos, false, 0);
        channel.write(new MqttPublishMessage(fixed, new MqttPublishVariableHeader(topic,
                qos == MqttQoS.AT_MOST_ONCE ? -1 : packetId), Unpooled.wrappedBuffer(payload)));
    }

    @Override
    public void acknowledge(int packetId) {
        channel.write(new MqttPubAckMessage(new MqttFixedHeader(MqttMessageType.PUBACK, false, MqttQoS.AT_MOST_ONCE,
                false, 0), MqttMessageIdVariableHeader.from(packetId)));
    }

    @Override
    public void flush() {
        channel.flush();
    }

    boolean isActive() {
        return channel.isActive();
    }

    /** A clean goodbye: DISCONNECT, then close. */
    void disconnect() {
        if (channel.isActive()) {
            channel.writeAndFlush(MqttMessage.DISCONNECT).addListener(ChannelFutureListener.CLOSE);
        } else {
            channel.close();
        }
    }

    /** Closes with a reason the listener will see. */
    void fail(Throwable cause) {
        if (failure == null) {
            failure = cause;
        }
        channel.close();
    }

    private void reportClosed() {
        if (!closedReported) {
            closedReported = true;
            listener.closed(this, failure);
        }
    }
}
