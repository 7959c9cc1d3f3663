package io.bulwark.hub.mqtt;

import io.bulwark.hub.HubLimits;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.local.LocalAddress;
import io.netty.channel.local.LocalChannel;
import io.netty.channel.local.LocalServerChannel;
import java.net.InetSocketAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The MQTT sessions' door for connections that arrive through another listener, one that has already terminated TLS
 * and unwrapped the MQTT bytes: MQTT over WebSocket on the HTTPS port.
 *
 * <p>Why an in-VM channel pair rather than a second protocol implementation or a session fed by hand: the session is a
 * row of Netty handlers whose limits work through Netty itself (auto-read off while authenticating or throttled,
 * idle-state keep-alive, the decoder's size limits, the connection closing). A {@link LocalChannel} served by the same
 * {@link MqttPipeline}, on the same event loops, gets all of that unchanged, and its session registers in the same
 * {@link ConnectedDevices}, so revocation, methods, twins and cloud-to-device messages reach it like any other.
 *
 * <p>An in-VM channel's peer address means nothing, so the address the transport saw travels with the tunnel: each
 * new channel's device end binds to a fresh local address under which the tunnel waits here until the session end is
 * initialised and takes it (sources are recorded in presence and audit, and counted by the per-source rate limit).
 */
public final class MqttTunnels implements AutoCloseable {

    private static final long OPEN_TIMEOUT_SECONDS = 5;

    private final EventLoopGroup loops;
    private final long deviceBoundLimit;
    private final Channel server;
    private final LocalAddress address;
    private final AtomicLong sequence = new AtomicLong();
    private final ConcurrentMap<LocalAddress, MqttTunnel> arriving = new ConcurrentHashMap<>();

    MqttTunnels(MqttPipeline pipeline, EventLoopGroup loops, HubLimits limits) {
        this.loops = loops;
        // Room for a few full-size packets: a device that stops reading cannot make the hub hold more than that.
        this.deviceBoundLimit = 4L * limits.mqttMaxPacketBytes();
        this.server = new ServerBootstrap()
                .group(loops)
                .channel(LocalServerChannel.class)
                .childHandler(new ChannelInitializer<LocalChannel>() {
                    @Override
                    protected void initChannel(LocalChannel channel) {
                        MqttTunnel tunnel = arriving.remove(channel.remoteAddress());
                        if (tunnel == null) {
                            channel.close();
                            return;
                        }
                        channel.attr(ConnectionSource.TUNNELLED_FROM).set(tunnel.source());
                        channel.pipeline().addLast("tunnel-credit", tunnel.sessionEndHandler());
                        pipeline.serveTunnelled(channel, tunnel.protocol());
                    }
                })
                .bind(LocalAddress.ANY)
                .syncUninterruptibly()
                .channel();
        this.address = (LocalAddress) server.localAddress();
    }

    /**
     * Opens a session for a device whose bytes {@code transport} carries. Blocks until the in-VM connection stands
     * (microseconds), so call it from the transport's thread, never from an event loop.
     *
     * @param source   the device's address as the transport saw it
     * @param protocol how its messages are marked in the streams, e.g. {@code mqtt-ws}
     */
    public MqttTunnel open(InetSocketAddress source, String protocol, TunnelTransport transport) {
        if (source.getAddress() == null) {
            throw new IllegalArgumentException("the source address must be resolved");
        }
        MqttTunnel tunnel = new MqttTunnel(source, protocol, transport, deviceBoundLimit);
        LocalAddress deviceAddress = new LocalAddress(address.id() + "-" + sequence.incrementAndGet());
        arriving.put(deviceAddress, tunnel);
        ChannelFuture connect = new Bootstrap()
                .group(loops)
                .channel(LocalChannel.class)
                .handler(tunnel.deviceEndHandler())
                .connect(address, deviceAddress);
        tunnel.attach(connect.channel());
        if (!connect.awaitUninterruptibly(OPEN_TIMEOUT_SECONDS, TimeUnit.SECONDS) || !connect.isSuccess()) {
            arriving.remove(deviceAddress);
            connect.channel().close();
            throw new IllegalStateException("the MQTT sessions did not accept a tunnelled connection");
        }
        return tunnel;
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
    }
}
