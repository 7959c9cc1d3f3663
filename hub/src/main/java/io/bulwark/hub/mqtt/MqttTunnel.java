package io.bulwark.hub.mqtt;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One device connection tunnelled into the MQTT sessions through an in-VM channel pair: the transport pushes the
 * device's bytes in with {@link #fromDevice}, and the session's bytes come out through {@link TunnelTransport#send}.
 * Either side closing closes the other.
 *
 * <p>Nothing is queued without bound. Towards the hub, the transport counts what the session has not consumed yet
 * ({@link TunnelTransport#consumed}) and stops reading the device when it is too much; the session's own pauses
 * (authentication, throttling) stop consumption, so they push back on the device as they do over TCP. Towards the
 * device, bytes the transport has not written yet are counted, and a device that stops reading while the hub has
 * more than the limit waiting for it is cut off.
 */
public final class MqttTunnel {

    private static final Logger LOG = LoggerFactory.getLogger(MqttTunnel.class);

    private final InetSocketAddress source;
    private final String protocol;
    private final TunnelTransport transport;
    private final long deviceBoundLimit;
    private final AtomicLong deviceBoundWaiting = new AtomicLong();
    private volatile Channel deviceEnd;

    MqttTunnel(InetSocketAddress source, String protocol, TunnelTransport transport, long deviceBoundLimit) {
        this.source = source;
        this.protocol = protocol;
        this.transport = transport;
        this.deviceBoundLimit = deviceBoundLimit;
    }

    /** Bytes from the device, in the order they came; copied, so the caller may reuse its buffer. */
    public void fromDevice(ByteBuffer bytes) {
        Channel channel = deviceEnd;
        ByteBuf copy = channel.alloc().buffer(bytes.remaining());
        copy.writeBytes(bytes);
        channel.writeAndFlush(copy);
    }

    /** The device went away (or its transport failed): ends the session, which records the disconnect. */
    public void close() {
        deviceEnd.close();
    }

    InetSocketAddress source() {
        return source;
    }

    String protocol() {
        return protocol;
    }

    void attach(Channel channel) {
        this.deviceEnd = channel;
    }

    /** The device's end of the channel pair: hands what the session wrote to the transport. */
    ChannelHandler deviceEndHandler() {
        return new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                if (!(msg instanceof ByteBuf bytes)) {
                    ReferenceCountUtil.release(msg);
                    return;
                }
                int length = bytes.readableBytes();
                ByteBuffer copy = ByteBuffer.allocate(length);
                bytes.readBytes(copy);
                bytes.release();
                copy.flip();
                long waiting = deviceBoundWaiting.addAndGet(length);
                if (waiting > deviceBoundLimit) {
                    LOG.warn("closing a tunnelled MQTT connection from {}: the device stopped reading with {} bytes"
                            + " waiting for it", source.getAddress().getHostAddress(), waiting);
                    transport.abort();
                    ctx.close();
                    return;
                }
                transport.send(copy, () -> deviceBoundWaiting.addAndGet(-length));
            }

            @Override
            public void channelInactive(ChannelHandlerContext ctx) {
                transport.close();
                ctx.fireChannelInactive();
            }

            @Override
            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                ctx.close();
            }
        };
    }

    /** The session's end: each read hands the transport its credit back, before the decoder takes the bytes. */
    ChannelHandler sessionEndHandler() {
        return new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                if (msg instanceof ByteBuf bytes) {
                    transport.consumed(bytes.readableBytes());
                }
                ctx.fireChannelRead(msg);
            }
        };
    }
}
