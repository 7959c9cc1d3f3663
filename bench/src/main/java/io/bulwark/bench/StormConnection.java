package io.bulwark.bench;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.SSLEngine;

/**
 * One device's connect in a connect storm: sends CONNECT once TLS is up (with its SAS token, or with no password when
 * its certificate is the proof) and completes when the CONNACK arrives. The connection then stays open, idle, until
 * the phase ends, so that the hub's cost measured is the connect and not a disconnect.
 */
final class StormConnection extends SimpleChannelInboundHandler<MqttMessage> {

    private final String deviceId;
    private final String userName;
    private final String password;
    final CompletableFuture<Void> accepted = new CompletableFuture<>();
    volatile String tlsProtocol;
    /** Whether the handshake resumed a TLS session (then it was no full handshake); null if the engine cannot say. */
    volatile Boolean resumed;

    /** {@code password} null: an X.509 identity, which sends none. */
    StormConnection(String deviceId, String userName, String password) {
        this.deviceId = deviceId;
        this.userName = userName;
        this.password = password;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof SslHandshakeCompletionEvent handshake) {
            if (!handshake.isSuccess()) {
                accepted.completeExceptionally(handshake.cause());
                ctx.close();
                return;
            }
            SSLEngine engine = ctx.pipeline().get(SslHandler.class).engine();
            tlsProtocol = engine.getSession().getProtocol();
            resumed = sessionReused(engine);
            MqttMessageBuilders.ConnectBuilder connect = MqttMessageBuilders.connect()
                    .protocolVersion(io.netty.handler.codec.mqtt.MqttVersion.MQTT_3_1_1).clientId(deviceId)
                    .cleanSession(false).keepAlive(300).hasUser(true).username(userName);
            if (password != null) {
                connect.hasPassword(true).password(password.getBytes(StandardCharsets.UTF_8));
            }
            ctx.writeAndFlush(connect.build());
        }
        ctx.fireUserEventTriggered(event);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, MqttMessage message) {
        if (message.fixedHeader().messageType() == MqttMessageType.CONNACK) {
            MqttConnectReturnCode code = ((MqttConnAckMessage) message).variableHeader().connectReturnCode();
            if (code == MqttConnectReturnCode.CONNECTION_ACCEPTED) {
                accepted.complete(null);
            } else {
                accepted.completeExceptionally(new IllegalStateException(deviceId + " refused: " + code));
            }
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        // Closed before its CONNACK: refused by the per-source limit, or a failed handshake.
        accepted.completeExceptionally(new IllegalStateException(deviceId + ": connection closed before CONNACK"));
    }

    /**
     * Netty's OpenSSL engine knows whether the session was resumed but keeps the method package-private; the bench
     * asks anyway, to prove that each connect it times is a full handshake.
     */
    private static Boolean sessionReused(SSLEngine engine) {
        for (Class<?> type = engine.getClass(); type != null; type = type.getSuperclass()) {
            try {
                Method method = type.getDeclaredMethod("isSessionReused");
                method.setAccessible(true);
                return (Boolean) method.invoke(engine);
            } catch (NoSuchMethodException e) {
                // declared higher up
            } catch (ReflectiveOperationException | RuntimeException e) {
                return null;
            }
        }
        return null;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        accepted.completeExceptionally(cause);
        ctx.close();
    }
}
