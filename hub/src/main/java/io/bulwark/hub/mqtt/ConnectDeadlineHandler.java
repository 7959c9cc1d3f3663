package io.bulwark.hub.mqtt;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Closes a connection whose CONNECT has not been accepted within the deadline, counted from the TCP accept so that a
 * stalled TLS handshake is covered too (S-DOS-2, "SlowITe" CVE-2020-13849). The session removes it once connected.
 */
final class ConnectDeadlineHandler extends ChannelInboundHandlerAdapter {

    static final String NAME = "connect-deadline";
    /** Fired down the pipeline before the close, so that the session can record who was too slow. */
    static final Object DEADLINE_PASSED = new Object();

    private final Duration deadline;
    private ScheduledFuture<?> timeout;

    ConnectDeadlineHandler(Duration deadline) {
        this.deadline = deadline;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        timeout = ctx.executor().schedule(() -> {
            ctx.fireUserEventTriggered(DEADLINE_PASSED);
            ctx.close();
        }, deadline.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        if (timeout != null) {
            timeout.cancel(false);
        }
    }
}
