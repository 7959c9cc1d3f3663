package io.bulwark.hub.mqtt;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;

/**
 * The socket layer under MQTT: Linux epoll where Netty's native library loads (fewer system calls and copies per
 * packet than Java NIO, edge-triggered readiness), Java NIO everywhere else. Both behave the same to the pipeline.
 */
public enum NettyTransport {
    EPOLL,
    NIO;

    /** Epoll when it is usable on this machine, unless {@code nativeAllowed} is false. */
    public static NettyTransport best(boolean nativeAllowed) {
        return nativeAllowed && Epoll.isAvailable() ? EPOLL : NIO;
    }

    /** Event loops on daemon threads named {@code name-N}; {@code threads} 0 means Netty's default (2 per core). */
    public EventLoopGroup newGroup(int threads, String name) {
        DefaultThreadFactory factory = new DefaultThreadFactory(name, true);
        return this == EPOLL ? new EpollEventLoopGroup(threads, factory) : new NioEventLoopGroup(threads, factory);
    }

    public Class<? extends ServerChannel> serverChannel() {
        return this == EPOLL ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }

    /** The client side, for load drivers and tests that dial the hub. */
    public Class<? extends SocketChannel> socketChannel() {
        return this == EPOLL ? EpollSocketChannel.class : NioSocketChannel.class;
    }
}
