package io.bulwark.hub.mqtt;

import io.bulwark.hub.HubLimits;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.handler.codec.mqtt.MqttEncoder;
import java.time.Clock;
import java.util.concurrent.Executor;

/**
 * The row of handlers that serves one device connection, built in this one place for every way in: the MQTT/TLS port
 * ({@link MqttListener}) and connections tunnelled in from the HTTPS port (MQTT over WebSocket, {@link MqttTunnels}).
 * So the per-source connection rate, the CONNECT deadline, the packet size limits, authentication, the ACL and
 * throttling are the same code whichever door a device used, and every session lands in the same
 * {@link ConnectedDevices}: revocation, direct methods and cloud-to-device messages find it either way.
 */
final class MqttPipeline {

    /** How MQTT over TLS names itself in the streams ({@code sourceProtocol}). */
    static final String MQTT = "mqtt";

    private final DeviceServices services;
    private final HubLimits limits;
    private final Executor authExecutor;
    private final Executor c2dStorage;
    private final ConnectedDevices connected;
    private final ConnectionRateLimiter connectionRate;
    private final ClosingReasons closing = new ClosingReasons();

    MqttPipeline(DeviceServices services, HubLimits limits, Executor authExecutor, Executor c2dStorage,
                 ConnectedDevices connected, ConnectionRateLimiter connectionRate) {
        this.services = services;
        this.limits = limits;
        this.authExecutor = authExecutor;
        this.c2dStorage = c2dStorage;
        this.connected = connected;
        this.connectionRate = connectionRate;
    }

    /** A connection whose TLS this pipeline terminates itself (the MQTT port). */
    void serveTls(Channel channel, ChannelHandler tls) {
        channel.pipeline()
                .addLast(ConnectionRateLimiter.NAME, connectionRate)
                .addLast(ConnectDeadlineHandler.NAME, new ConnectDeadlineHandler(limits.mqttConnectTimeout()))
                .addLast("tls", tls);
        addSession(channel, MQTT);
    }

    /**
     * A connection whose TLS and framing another listener already took off; {@code protocol} is how its messages are
     * marked in the streams. The CONNECT deadline counts from the moment the tunnel opened.
     */
    void serveTunnelled(Channel channel, String protocol) {
        channel.pipeline()
                .addLast(ConnectionRateLimiter.NAME, connectionRate)
                .addLast(ConnectDeadlineHandler.NAME, new ConnectDeadlineHandler(limits.mqttConnectTimeout()));
        addSession(channel, protocol);
    }

    private void addSession(Channel channel, String protocol) {
        channel.pipeline()
                // PUBACKs of one stream batch complete together: one flush (one TLS record, one write) for all of
                // them instead of one per message, also when they are written outside a read.
                .addLast("flush-consolidation", new FlushConsolidationHandler(
                        FlushConsolidationHandler.DEFAULT_EXPLICIT_FLUSH_AFTER_FLUSHES, true))
                .addLast(MqttListener.DECODER, new MqttDecoder(limits.mqttMaxConnectBytes()))
                .addLast("mqtt-encoder", MqttEncoder.INSTANCE)
                .addLast("session", new MqttSession(services, authExecutor, c2dStorage, connected, limits,
                        Clock.systemUTC(), protocol, closing));
    }
}
