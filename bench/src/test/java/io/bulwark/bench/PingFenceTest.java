package io.bulwark.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class PingFenceTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void whenEveryConnectionAnsweredAllIsReadUntilTheLastAnswer() {
        PingFence.Outcome outcome = PingFence.summarize(List.of(OptionalLong.of(600), OptionalLong.of(400)), 1_000,
                0, 12 * SECOND, 13 * SECOND, 60);
        assertThat(outcome.complete()).isTrue();
        assertThat(outcome.read()).isEqualTo(1_000);
        assertThat(outcome.seconds()).isEqualTo(12.0);
        assertThat(outcome.readPerSecond()).isCloseTo(83.33, org.assertj.core.data.Offset.offset(0.01));
        assertThat(outcome.note()).isEmpty();
    }

    @Test
    void missingAnswersLeaveTheirMessagesUncountedUntilTheBoundAndTheNoteSaysLowerBound() {
        // 162,680 msg/s "read" in docs/performance.md came from counting what was written, answered or not.
        PingFence.Outcome outcome = PingFence.summarize(List.of(OptionalLong.of(600), OptionalLong.empty(),
                OptionalLong.of(300)), 5_000, 0, 20 * SECOND, 70 * SECOND, 60);
        assertThat(outcome.complete()).isFalse();
        assertThat(outcome.read()).isEqualTo(900);
        assertThat(outcome.seconds()).isEqualTo(70.0);
        assertThat(outcome.readPerSecond()).isCloseTo(12.86, org.assertj.core.data.Offset.offset(0.01));
        assertThat(outcome.note()).isEqualTo("; LOWER BOUND: 2 of 3 connections answered their PINGREQ within 60 s;"
                + " only their 900 of 5000 messages are counted as read");
    }
}
