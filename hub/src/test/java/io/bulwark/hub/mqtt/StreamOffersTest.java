package io.bulwark.hub.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import io.bulwark.hub.store.sqlite.StoreException;
import io.bulwark.hub.stream.StreamOverloadedException;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * S-DOS-3: a full stream-writer queue holds a connection back; it does not close it. (A QoS 0 flood from 1,000
 * devices filled the queue, every append failed, and the hub closed every connection without saying why.)
 */
class StreamOffersTest {

    private final EmbeddedChannel channel = new EmbeddedChannel(new ChannelInboundHandlerAdapter());
    private final ChannelHandlerContext ctx = channel.pipeline().firstContext();
    private final StreamOffers offers = new StreamOffers(new ReadGate(channel));
    private final List<Object> settled = new ArrayList<>();

    @Test
    void aMessageTheWriterCannotTakeYetIsOfferedAgainWhileTheConnectionIsNotRead() {
        AtomicInteger attempts = new AtomicInteger();
        Supplier<CompletableFuture<Long>> append = () -> attempts.incrementAndGet() <= 2
                ? CompletableFuture.failedFuture(new StreamOverloadedException())
                : CompletableFuture.completedFuture(7L);

        offers.offer(ctx, append, (offset, failure) -> settled.add(failure == null ? offset : failure));
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
    void aStoreFailureOtherThanAFullQueueSettlesAtOnceWithThatFailure() {
        StoreException broken = new StoreException("disk I/O error");

        offers.offer(ctx, () -> CompletableFuture.failedFuture(broken),
                (offset, failure) -> settled.add(failure));
        channel.runPendingTasks();

        assertThat(settled).containsExactly(broken);
        assertThat(channel.config().isAutoRead()).isTrue();
    }

    private void advance(long millis) {
        channel.advanceTimeBy(millis, TimeUnit.MILLISECONDS);
        // Twice: a retry's outcome is handled in a task the retry itself queues on the loop.
        channel.runPendingTasks();
        channel.runPendingTasks();
    }
}
