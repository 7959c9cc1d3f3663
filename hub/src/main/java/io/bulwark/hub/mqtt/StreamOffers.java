package io.bulwark.hub.mqtt;

import io.bulwark.hub.stream.StreamOverloadedException;
import io.netty.channel.ChannelHandlerContext;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * S-DOS-3: hands one connection's messages to the stream writer in the order the device sent them. A message the
 * throttle holds, or the writer cannot take yet (its queue is full: backpressure, not a failure), waits here, and every
 * later message of the connection waits behind it. After the writer's refusal the hub stops reading the connection,
 * so the device waits in TCP instead of being disconnected, and offers again when the writer wakes it (it has room
 * again: connections refused together go in the order they were refused) or, failing that, after a retry timer
 * (5 ms, doubling up to 1 s). Retries by timer alone left some devices of a large-message flood waiting seconds while
 * others got in.
 *
 * <p>One timer per connection, whatever is waiting: a QoS 0 flood decodes hundreds of messages from one read, and a
 * timer and a retry each (as this class had) cost the event loops more than the messages, and could store a later
 * message before an earlier one whose retry came second. Lives on the connection's event loop.
 */
final class StreamOffers {

    static final long FIRST_RETRY_MILLIS = 5;
    static final long MAX_RETRY_MILLIS = 1_000;
    private static final long NOT_HELD = Long.MIN_VALUE;

    /** A message not offered yet: not before {@code dueNanos} (on {@code nanoClock}). */
    private record Held(long dueNanos, Supplier<CompletableFuture<Long>> append,
                        BiConsumer<Long, Throwable> settled) {
    }

    private final ReadGate reading;
    /** Asks the writer to run a task once it has room again ({@link io.bulwark.hub.stream.Streams#whenAccepting}). */
    private final Consumer<Runnable> whenAccepting;
    private final LongSupplier nanoClock;
    /** Small: most connections never hold a message back, and an idle hub holds tens of thousands of them. */
    private final ArrayDeque<Held> held = new ArrayDeque<>(2);
    private ScheduledFuture<?> timer;
    private boolean wakeAsked;
    private long retryMillis = FIRST_RETRY_MILLIS;

    StreamOffers(ReadGate reading, Consumer<Runnable> whenAccepting) {
        this(reading, whenAccepting, System::nanoTime);
    }

    /** {@code nanoClock} is {@link System#nanoTime()} but in tests. */
    StreamOffers(ReadGate reading, Consumer<Runnable> whenAccepting, LongSupplier nanoClock) {
        this.reading = reading;
        this.whenAccepting = whenAccepting;
        this.nanoClock = nanoClock;
    }

    /**
     * Offers a message through {@code append}, after {@code holdNanos} (the throttle's hold; 0 for none) and after
     * every message offered before it; {@code settled} then gets its offset or the failure (unwrapped) on the event
     * loop.
     */
    void offer(ChannelHandlerContext ctx, long holdNanos, Supplier<CompletableFuture<Long>> append,
               BiConsumer<Long, Throwable> settled) {
        boolean refused = false;
        if (held.isEmpty() && holdNanos <= 0) {
            if (handOver(ctx, append, settled)) {
                return;
            }
            refused = true;
        }
        held.addLast(new Held(holdNanos > 0 ? nanoClock.getAsLong() + holdNanos : NOT_HELD, append, settled));
        if (refused) {
            retryLater(ctx);
        } else if (held.size() == 1 && timer == null) {
            drainIn(ctx, holdNanos);
        }
    }

    /** Messages of this connection not yet taken by the writer. */
    int waiting() {
        return held.size();
    }

    /** The connection closed: what waits is settled with a ClosedChannelException, and never offered. */
    void closed() {
        if (held.isEmpty()) {
            return; // most connections close with nothing held: no exception, and no stack trace filled in, for them
        }
        ClosedChannelException closed = new ClosedChannelException();
        for (Held message; (message = held.pollFirst()) != null; ) {
            message.settled().accept(null, closed);
        }
    }

    private void drain(ChannelHandlerContext ctx) {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
        if (!ctx.channel().isActive()) {
            closed();
            return;
        }
        for (Held head; (head = held.peekFirst()) != null; ) {
            long wait = head.dueNanos() == NOT_HELD ? 0 : head.dueNanos() - nanoClock.getAsLong();
            if (wait > 0) {
                drainIn(ctx, wait);
                return;
            }
            if (!handOver(ctx, head.append(), head.settled())) {
                retryLater(ctx);
                return;
            }
            held.pollFirst();
        }
    }

    /** The writer refused the head: whichever comes first, its wake-up or the retry timer, offers it again. */
    private void retryLater(ChannelHandlerContext ctx) {
        if (timer == null) {
            drainIn(ctx, TimeUnit.MILLISECONDS.toNanos(retryMillis));
        }
        if (!wakeAsked) {
            wakeAsked = true;
            whenAccepting.accept(() -> ctx.executor().execute(() -> {
                wakeAsked = false;
                drain(ctx);
            }));
        }
    }

    /** The connection's one timer: the head's hold ending, or the writer's next retry. */
    private void drainIn(ChannelHandlerContext ctx, long nanos) {
        timer = ctx.executor().schedule(() -> drain(ctx), nanos, TimeUnit.NANOSECONDS);
    }

    /**
     * Appends now. Returns false if the writer refused it for a full queue (which it does at once, see
     * {@link io.bulwark.hub.stream.Streams#append}): then reading stops and the next retry waits longer.
     */
    private boolean handOver(ChannelHandlerContext ctx, Supplier<CompletableFuture<Long>> append,
                             BiConsumer<Long, Throwable> settled) {
        CompletableFuture<Long> appended = append.get();
        if (appended.isCompletedExceptionally()
                && appended.handle((offset, failure) -> failure).join() instanceof StreamOverloadedException) {
            if (reading.isPaused(ReadGate.Reason.STORE)) {
                retryMillis = Math.min(retryMillis * 2, MAX_RETRY_MILLIS);
            } else {
                reading.pause(ReadGate.Reason.STORE);
            }
            return false;
        }
        retryMillis = FIRST_RETRY_MILLIS;
        reading.resume(ReadGate.Reason.STORE);
        appended.whenComplete((offset, failure) -> ctx.executor().execute(() -> settled.accept(offset,
                failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure)));
        return true;
    }
}
