package io.bulwark.hub.mqtt;

import io.bulwark.hub.HubLimits;
import io.bulwark.hub.methods.MethodDelivery;
import io.bulwark.hub.methods.MethodRequest;
import io.bulwark.protocol.mqtt.MethodTopics;
import io.bulwark.protocol.mqtt.TwinTopics;
import io.bulwark.hub.twin.TwinNotifier;
import io.bulwark.hub.c2d.C2dNotifier;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCounted;
import java.util.Optional;
import io.bulwark.hub.tls.ServerIdentity;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslProvider;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * MQTT 3.1.1 over TLS for devices (PROTOCOL.md): the only MQTT listener; there is no plaintext one (S-TLS-1). Each
 * connection is a short pipeline of named handlers: TLS, the CONNECT deadline, the size-limited decoder, the encoder,
 * and the session.
 */
public final class MqttListener implements MethodDelivery, TwinNotifier, C2dNotifier, AutoCloseable {

    static final String DECODER = "mqtt-decoder";
    /** Set on a connection once its device subscribed to direct methods. */
    static final AttributeKey<Boolean> METHODS_SUBSCRIBED = AttributeKey.valueOf("bulwark.methods");
    /** Set on a connection once its device subscribed to desired-property patches. */
    static final AttributeKey<Boolean> DESIRED_SUBSCRIBED = AttributeKey.valueOf("bulwark.desired");
    /** The certificates a connection's X.509 proof rests on (empty for a token): revoking one closes it. */
    static final AttributeKey<java.util.List<io.bulwark.hub.x509.CertificateId>> CERTIFICATE_CHAIN =
            AttributeKey.valueOf("bulwark.certificate-chain");

    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final NettyTransport transport;
    private final SslProvider tlsProvider;
    /** Authentication reads the registry: kept off the event loops so one slow lookup stalls no other device. */
    private final ExecutorService authExecutor = Executors.newFixedThreadPool(2, runnable -> {
        Thread thread = new Thread(runnable, "bulwark-mqtt-auth");
        thread.setDaemon(true);
        return thread;
    });
    /**
     * Cloud-to-device queue work (fetch, mark delivered, complete) waits for a commit each time. Commits are grouped,
     * so the more of that work waits at once, the more shares one sync: these threads mostly wait, they do not
     * compute, and two of them (the auth threads) held delivery to a few messages per sync.
     */
    static final int C2D_STORAGE_THREADS = 16;
    private final ExecutorService c2dStorage = Executors.newFixedThreadPool(C2D_STORAGE_THREADS, runnable -> {
        Thread thread = new Thread(runnable, "bulwark-c2d-store");
        thread.setDaemon(true);
        return thread;
    });
    private final ConnectedDevices connected = new ConnectedDevices();
    /** Reference-counted with BoringSSL (see {@link MqttServerTls#bestProvider}): released on close. */
    private final SslContext tls;
    private final Channel channel;
    private final MqttTunnels tunnels;

    /**
     * @param nativeAllowed whether epoll and BoringSSL may be used where they load; false forces Java NIO and JDK TLS
     */
    public MqttListener(DeviceServices services, HubLimits limits, ServerIdentity identity, String bindAddress,
                        int port, boolean nativeAllowed) {
        this.transport = NettyTransport.best(nativeAllowed);
        this.tlsProvider = MqttServerTls.bestProvider(nativeAllowed);
        this.boss = transport.newGroup(1, "bulwark-mqtt-accept");
        // One event loop per core: more only adds context switches, since a loop never blocks.
        this.workers = transport.newGroup(Runtime.getRuntime().availableProcessors(), "bulwark-mqtt");
        this.tls = MqttServerTls.context(identity, tlsProvider);
        ConnectionRateLimiter connectionRate = new ConnectionRateLimiter(limits.connectsPerSecondPerSource());
        MqttPipeline sessions = new MqttPipeline(services, limits, authExecutor, c2dStorage, connected,
                connectionRate);
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(boss, workers)
                .channel(transport.serverChannel())
                .option(ChannelOption.SO_BACKLOG, 1024)
                // A restarted hub must bind at once although its old connections linger in TIME_WAIT. Both
                // transports default to it today; stated here so that no transport change loses it.
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        sessions.serveTls(channel, tls.newHandler(channel.alloc()));
                    }
                });
        try {
            this.channel = bootstrap.bind(new InetSocketAddress(bindAddress, port)).sync().channel();
            this.tunnels = new MqttTunnels(sessions, workers, limits);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new IllegalStateException("interrupted while binding MQTT port " + port, e);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** How this listener does I/O and TLS, e.g. {@code epoll, BoringSSL}: for the start-up log. */
    public String engine() {
        return transport.name().toLowerCase(java.util.Locale.ROOT) + ", "
                + (tlsProvider == SslProvider.JDK ? "JDK TLS" : "BoringSSL");
    }

    /** Where connections that another listener unwrapped (MQTT over WebSocket) join the same sessions. */
    public MqttTunnels tunnels() {
        return tunnels;
    }

    public int port() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    /** Closes the identity's live connection (disable, delete, key change: S-AUTH-6). */
    public void disconnect(io.bulwark.hub.registry.IdentityId id) {
        connected.disconnect(id);
    }

    /** Closes every live connection whose certificate chain contains a certificate matching {@code revoked}. */
    public void disconnectCertificate(io.bulwark.hub.x509.CertificateId revoked) {
        connected.disconnectWhere(channel -> {
            var chain = channel.attr(CERTIFICATE_CHAIN).get();
            return chain != null && chain.stream().anyMatch(revoked::matches);
        });
    }

    public boolean isConnected(io.bulwark.hub.registry.IdentityId id) {
        return connected.isConnected(id);
    }

    @Override
    public boolean canDeliver(io.bulwark.hub.registry.IdentityId target) {
        return connected.channel(target).filter(c -> Boolean.TRUE.equals(c.attr(METHODS_SUBSCRIBED).get()))
                .isPresent();
    }

    /** Desired patches go only to a device that subscribed to them; one that reconnects does a GET instead. */
    @Override
    public void desiredChanged(io.bulwark.hub.registry.IdentityId id, com.fasterxml.jackson.databind.node.ObjectNode patch,
                               long version) {
        connected.channel(id).filter(c -> Boolean.TRUE.equals(c.attr(DESIRED_SUBSCRIBED).get()))
                .ifPresent(c -> c.writeAndFlush(MqttMessageBuilders.publish()
                        .topicName(TwinTopics.desiredPatch(version))
                        .qos(MqttQoS.AT_MOST_ONCE)
                        .payload(Unpooled.copiedBuffer(patch.toString(), java.nio.charset.StandardCharsets.UTF_8))
                        .build()));
    }

    /**
     * Passes the message to its identity's connection as an event on the connection's event loop. Events from here
     * queue on that loop in the order they are fired, and the store fires them in queue order.
     */
    @Override
    public void messageQueued(io.bulwark.hub.c2d.C2dMessage message) {
        connected.channel(message.to()).ifPresent(c -> c.pipeline().fireUserEventTriggered(message));
    }

    /** Methods travel at QoS 0, as in Azure: the response (or its absence within the timeout) is the receipt. */
    @Override
    public boolean deliver(MethodRequest request) {
        Optional<Channel> target = connected.channel(request.target())
                .filter(c -> Boolean.TRUE.equals(c.attr(METHODS_SUBSCRIBED).get()));
        target.ifPresent(c -> c.writeAndFlush(MqttMessageBuilders.publish()
                .topicName(MethodTopics.request(request.methodName(), request.requestId()))
                .qos(MqttQoS.AT_MOST_ONCE)
                .payload(Unpooled.wrappedBuffer(request.payload()))
                .build()));
        return target.isPresent();
    }

    @Override
    public void close() {
        if (channel != null) {
            channel.close().syncUninterruptibly();
        }
        if (tunnels != null) {
            tunnels.close();
        }
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        authExecutor.shutdownNow();
        c2dStorage.shutdownNow();
        if (tls instanceof ReferenceCounted counted && counted.refCnt() > 0) {
            counted.release();
        }
    }
}
