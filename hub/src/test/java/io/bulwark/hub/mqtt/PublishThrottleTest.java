package io.bulwark.hub.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import io.bulwark.hub.HubLimits;
import io.bulwark.hub.TestHubCore;
import io.bulwark.hub.audit.Actor;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** S-DOS-3: a device over its rate is held back by not reading its connection until all its debt is paid. */
class PublishThrottleTest {

    @TempDir
    Path dir;

    @Test
    void readingResumesOnlyWhenTheDebtOfEveryPublishReadSoFarIsPaid() {
        try (TestHubCore core = new TestHubCore(dir)) {
            EmbeddedChannel channel = new EmbeddedChannel(new ChannelInboundHandlerAdapter());
            ChannelHandlerContext ctx = channel.pipeline().firstContext();
            AtomicLong now = new AtomicLong(0);
            PublishThrottle throttle = new PublishThrottle(HubLimits.DEFAULTS.withDeviceRates(1, 1024 * 1024),
                    core.audit, Runnable::run, new Actor("device:d1", "127.0.0.1"), new ReadGate(channel), now::get);

            // One read decoded three publishes: the first is within the rate, the next two owe one and two seconds.
            assertThat(throttle.onPublish(ctx, 100)).isZero();
            assertThat(throttle.onPublish(ctx, 100)).isEqualTo(TimeUnit.SECONDS.toNanos(1));
            assertThat(throttle.onPublish(ctx, 100)).isEqualTo(TimeUnit.SECONDS.toNanos(2));
            assertThat(channel.config().isAutoRead()).isFalse();

            advance(channel, now, 1_100);
            assertThat(channel.config().isAutoRead()).as("the second publish's debt is paid, the third's is not")
                    .isFalse();

            advance(channel, now, 1_000);
            assertThat(channel.config().isAutoRead()).as("all debt paid").isTrue();
            assertThat(core.audit.latest()).hasValueSatisfying(record -> {
                assertThat(record.action()).isEqualTo("mqtt.throttled");
                assertThat(record.actor()).isEqualTo("device:d1");
            });
            channel.finishAndReleaseAll();
        }
    }

    private static void advance(EmbeddedChannel channel, AtomicLong now, long millis) {
        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(millis));
        channel.advanceTimeBy(millis, TimeUnit.MILLISECONDS);
        channel.runPendingTasks();
    }
}
