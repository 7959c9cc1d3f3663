package io.bulwark.hub.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

/** S-DOS-3: the in-flight window and the read gate it shares with the rate throttle. */
class DurabilityWindowTest {

    private final EmbeddedChannel channel = new EmbeddedChannel();
    private final ReadGate reading = new ReadGate(channel);
    private final DurabilityWindow window = new DurabilityWindow(4, reading);

    @Test
    void aFullWindowStopsReadingUntilHalfOfItIsDurable() {
        for (int i = 0; i < 3; i++) {
            window.appended();
        }
        assertThat(channel.config().isAutoRead()).isTrue();
        window.appended();
        assertThat(channel.config().isAutoRead()).as("four messages waiting").isFalse();

        window.settled();
        assertThat(channel.config().isAutoRead()).as("three still waiting").isFalse();
        window.settled();
        assertThat(channel.config().isAutoRead()).as("half of the window waiting").isTrue();
        assertThat(window.waiting()).isEqualTo(2);
    }

    @Test
    void theConnectionReadsAgainOnlyWhenNeitherTheRateNorTheWindowHoldsIt() {
        reading.pause(ReadGate.Reason.RATE);
        for (int i = 0; i < 4; i++) {
            window.appended();
        }
        for (int i = 0; i < 4; i++) {
            window.settled();
        }
        assertThat(channel.config().isAutoRead()).as("still over its rate").isFalse();
        reading.resume(ReadGate.Reason.RATE);
        assertThat(channel.config().isAutoRead()).isTrue();

        reading.pause(ReadGate.Reason.RATE);
        reading.pause(ReadGate.Reason.DURABILITY);
        reading.resume(ReadGate.Reason.RATE);
        assertThat(channel.config().isAutoRead()).as("the window still holds it").isFalse();
        assertThat(reading.isPaused(ReadGate.Reason.DURABILITY)).isTrue();
    }
}
