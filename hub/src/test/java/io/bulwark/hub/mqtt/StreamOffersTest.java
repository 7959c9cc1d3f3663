package io.bulwark.hub.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import io.bulwark.hub.store.sqlite.StoreException;
import io.bulwark.hub.stream.StreamOverloadedException;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * S-DOS-3: a full stream-writer queue holds a connection back; it does not close it. (A QoS 0 flood from 1,000
 * devices filled the queue, every append failed, and the hub closed every connection without saying why.)
 */
class StreamOffersTest {

    private final EmbeddedChannel channel = new EmbeddedChannel(new ChannelInboundHandlerAdapter());
    private final ChannelHandlerContext ctx = channel.pipeline().firstContext();
    private final AtomicLong clock = new AtomicLong();
    /** What the offers asked the writer to run once it has room; run by hand, or never (then the timer retries). */
    private final List<Runnable> wakes = new ArrayList<>();
    private final StreamOffers offers = new StreamOffers(new ReadGate(channel), wakes::add, clock::get);
    private final List<Object> settled = new ArrayList<>();

    @BeforeEach
    void stopTheLoopsClock() {
        // Timers fire only when a test advances the loop's clock: on a busy machine a 5 ms retry otherwise fired in
        // real time, before the test had made room, and doubled its delay past the time the test then advanced.
        channel.freezeTime();
    }

    @Test
    void aMessageTheWriterCannotTakeYetIsOfferedAgainWhileTheConnectionIsNotRead() {
        AtomicInteger attempts = new AtomicInteger();
        Supplier<CompletableFuture<Long>> append = () -> attempts.incrementAndGet() <= 2
                ? CompletableFuture.failedFuture(new StreamOverloadedException())
                : CompletableFuture.completedFuture(7L);

        offers.offer(ctx, 0, append, (offset, failure) -> settled.add(failure == null ? offset : failure));
        channel.runPendingTasks();
        assertThat(settled).as("not settled: neither stored nor failed").isEmpty();
        assertThat(channel.config().isAutoRead()).as("the device waits in TCP").isFalse();
        assertThat(offers.waiting()).isEqualTo(1);

        advance(StreamOffers.FIRST_RETRY_MILLIS);
        assertThat(attempts).hasValue(2);
        assertThat(settled).isEmpty();
        advance(StreamOffers.FIRST_RETRY_MILLIS * 2);

        assertThat(attempts).hasValue(3);
        assertThat(settled).containsExactly(7L);
        assertThat(channel.config().isAutoRead()).as("reading again once the writer took it").isTrue();
        assertThat(offers.waiting()).isZero();
        assertThat(channel.isActive()).isTrue();
    }

    @Test
    void theWritersWakeUpOffersARefusedMessageAgainAtOnceAndItsTimerThenDoesNothing() {
        AtomicInteger room = new AtomicInteger();
        AtomicInteger attempts = new AtomicInteger();
        Supplier<CompletableFuture<Long>> append = () -> {
            attempts.incrementAndGet();
            return room.get() == 0 ? CompletableFuture.failedFuture(new StreamOverloadedException())
                    : CompletableFuture.completedFuture(9L);
        };
        offers.offer(ctx, 0, append, (offset, failure) -> settled.add(failure == null ? offset : failure));
        advance(StreamOffers.FIRST_RETRY_MILLIS);
        assertThat(attempts).as("refused, then retried by its timer").hasValue(2);
        assertThat(wakes).as("one wake-up asked for, not one per refusal").hasSize(1);

        room.set(1);
        wakes.remove(0).run();
        channel.runPendingTasks();
        channel.runPendingTasks();
        assertThat(attempts).hasValue(3);
        assertThat(settled).containsExactly(9L);
        assertThat(channel.config().isAutoRead()).isTrue();

        advance(StreamOffers.FIRST_RETRY_MILLIS * 4);
        assertThat(attempts).as("the pending retry was cancelled").hasValue(3);
        assertThat(wakes).isEmpty();
    }

    @Test
    void aWokenMessageTheWriterRefusesAgainAsksForTheNextWakeUp() {
        AtomicInteger attempts = new AtomicInteger();
        offers.offer(ctx, 0, () -> {
            attempts.incrementAndGet();
            return CompletableFuture.failedFuture(new StreamOverloadedException());
        }, (offset, failure) -> settled.add(failure));
        channel.runPendingTasks();
        wakes.remove(0).run();
        channel.runPendingTasks();

        assertThat(attempts).hasValue(2);
        assertThat(wakes).hasSize(1);
        assertThat(settled).isEmpty();
        assertThat(offers.waiting()).isEqualTo(1);
    }

    @Test
    void aStoreFailureOtherThanAFullQueueSettlesAtOnceWithThatFailure() {
        StoreException broken = new StoreException("disk I/O error");

        offers.offer(ctx, 0, () -> CompletableFuture.failedFuture(broken),
                (offset, failure) -> settled.add(failure));
        channel.runPendingTasks();

        assertThat(settled).containsExactly(broken);
        assertThat(channel.config().isAutoRead()).isTrue();
    }

    @Test
    void messagesAfterOneTheWriterRefusedWaitBehindItAndAreStoredInTheOrderTheyCame() {
        List<Integer> stored = new ArrayList<>();
        AtomicInteger room = new AtomicInteger(1);
        for (int i = 1; i <= 4; i++) {
            int message = i;
            offers.offer(ctx, 0, () -> {
                if (room.get() == 0) {
                    return CompletableFuture.failedFuture(new StreamOverloadedException());
                }
                room.decrementAndGet();
                stored.add(message);
                return CompletableFuture.completedFuture((long) message);
            }, (offset, failure) -> settled.add(offset));
        }
        channel.runPendingTasks();
        assertThat(stored).as("the first fitted; the second was refused, the rest wait behind it").containsExactly(1);
        assertThat(offers.waiting()).isEqualTo(3);
        assertThat(channel.config().isAutoRead()).isFalse();

        room.set(1);
        advance(StreamOffers.FIRST_RETRY_MILLIS);
        assertThat(stored).containsExactly(1, 2);
        assertThat(offers.waiting()).isEqualTo(2);

        room.set(10);
        advance(StreamOffers.FIRST_RETRY_MILLIS * 2);
        assertThat(stored).containsExactly(1, 2, 3, 4);
        assertThat(settled).containsExactly(1L, 2L, 3L, 4L);
        assertThat(offers.waiting()).isZero();
        assertThat(channel.config().isAutoRead()).isTrue();
    }

    @Test
    void aMessageTheThrottleHoldsIsOfferedWhenItsHoldEndsAndTheNextOneWaitsForIt() {
        List<String> stored = new ArrayList<>();
        offers.offer(ctx, TimeUnit.MILLISECONDS.toNanos(30), () -> {
            stored.add("held");
            return CompletableFuture.completedFuture(1L);
        }, (offset, failure) -> settled.add(offset));
        offers.offer(ctx, 0, () -> {
            stored.add("next");
            return CompletableFuture.completedFuture(2L);
        }, (offset, failure) -> settled.add(offset));
        channel.runPendingTasks();
        assertThat(stored).as("a later message does not overtake a held one").isEmpty();

        advance(29);
        assertThat(stored).isEmpty();
        advance(1);
        assertThat(stored).containsExactly("held", "next");
        assertThat(settled).containsExactly(1L, 2L);
        assertThat(channel.config().isAutoRead()).as("the throttle pauses reading itself, not this").isTrue();
    }

    @Test
    void whatWaitsWhenTheConnectionClosesSettlesAsClosedAndIsNeverOfferedAgain() {
        AtomicInteger attempts = new AtomicInteger();
        for (int i = 0; i < 3; i++) {
            offers.offer(ctx, 0, () -> {
                attempts.incrementAndGet();
                return CompletableFuture.failedFuture(new StreamOverloadedException());
            }, (offset, failure) -> settled.add(failure));
        }
        channel.runPendingTasks();
        assertThat(attempts).as("only the first is tried while the writer is full").hasValue(1);

        offers.closed();
        advance(StreamOffers.FIRST_RETRY_MILLIS);

        assertThat(attempts).hasValue(1);
        assertThat(settled).hasSize(3).allMatch(failure -> failure instanceof ClosedChannelException);
        assertThat(offers.waiting()).isZero();
    }

    private void advance(long millis) {
        clock.addAndGet(TimeUnit.MILLISECONDS.toNanos(millis));
        channel.advanceTimeBy(millis, TimeUnit.MILLISECONDS);
        // Twice: a retry's outcome is handled in a task the retry itself queues on the loop.
        channel.runPendingTasks();
        channel.runPendingTasks();
    }
}
