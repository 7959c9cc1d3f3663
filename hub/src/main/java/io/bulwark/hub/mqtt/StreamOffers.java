package io.bulwark.hub.mqtt;

import io.bulwark.hub.stream.StreamOverloadedException;
import io.netty.channel.ChannelHandlerContext;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * S-DOS-3: hands one connection's messages to the stream writer, treating a full writer queue as backpressure rather
 * than a failure. A message the writer could not take yet is offered again a little later (5 ms, doubling up to 1 s),
 * and meanwhile the hub stops reading the connection, so the device waits in TCP instead of being disconnected (which
 * is what a QoS 0 flood of a thousand devices did). Lives on the connection's event loop.
 */
final class StreamOffers {

    static final long FIRST_RETRY_MILLIS = 5;
    static final long MAX_RETRY_MILLIS = 1_000;

    private final ReadGate reading;
    /** Messages of this connection waiting to be offered again. */
    private int waiting;

    StreamOffers(ReadGate reading) {
        this.reading = reading;
    }

    /**
     * Offers a message through {@code append} until the writer takes it; {@code settled} then gets its offset or the
     * failure (unwrapped) on the event loop. A connection that closes meanwhile settles with a ClosedChannelException.
     */
    void offer(ChannelHandlerContext ctx, Supplier<CompletableFuture<Long>> append,
               BiConsumer<Long, Throwable> settled) {
        attempt(ctx, append, settled, FIRST_RETRY_MILLIS, false);
    }

    int waiting() {
        return waiting;
    }

    private void attempt(ChannelHandlerContext ctx, Supplier<CompletableFuture<Long>> append,
                         BiConsumer<Long, Throwable> settled, long retryMillis, boolean retry) {
        if (!ctx.channel().isActive()) {
            done(retry);
            settled.accept(null, new ClosedChannelException());
            return;
        }
        append.get().whenComplete((offset, failure) -> ctx.executor().execute(() -> {
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            if (cause instanceof StreamOverloadedException) {
                if (!retry) {
                    waiting++;
                    reading.pause(ReadGate.Reason.STORE);
                }
                ctx.executor().schedule(() -> attempt(ctx, append, settled,
                        Math.min(retryMillis * 2, MAX_RETRY_MILLIS), true), retryMillis, TimeUnit.MILLISECONDS);
                return;
            }
            done(retry);
            settled.accept(offset, cause);
        }));
    }

    private void done(boolean retry) {
        if (retry && --waiting == 0) {
            reading.resume(ReadGate.Reason.STORE);
        }
    }
}
