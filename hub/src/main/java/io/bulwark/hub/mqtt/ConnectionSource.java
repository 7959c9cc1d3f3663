package io.bulwark.hub.mqtt;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * Where a device connection comes from, as the session records it (presence, audit) and the per-source connection
 * rate counts it. A TCP connection knows its peer; a connection tunnelled in from another listener (MQTT over
 * WebSocket) only has an in-VM peer, so it carries the address that listener saw.
 */
final class ConnectionSource {

    static final AttributeKey<InetSocketAddress> TUNNELLED_FROM = AttributeKey.valueOf("bulwark.tunnelled-from");

    private ConnectionSource() {
    }

    static String of(Channel channel) {
        SocketAddress tunnelled = channel.attr(TUNNELLED_FROM).get();
        SocketAddress address = tunnelled != null ? tunnelled : channel.remoteAddress();
        return address instanceof InetSocketAddress inet && inet.getAddress() != null
                ? inet.getAddress().getHostAddress() : "unknown";
    }
}
