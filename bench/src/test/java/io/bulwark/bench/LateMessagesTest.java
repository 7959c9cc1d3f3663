package io.bulwark.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LateMessagesTest {

    private static final long T0 = 1_796_000_000_000L;

    @Test
    void countsOnlyWhatIsOverTheThresholdBySecondWithTheSlowestOfEach() {
        LateMessages late = new LateMessages(10_000);
        late.record(10_000, T0);
        late.record(10_001, T0 + 100);
        late.record(111_000, T0 + 900);
        late.record(20_000, T0 + 5_000);
        assertThat(late.total()).isEqualTo(3);
        assertThat(late.summary()).isEqualTo("3 over 10.0 ms in 2 s; 2026-11-30T00:53:20Z: 2 (slowest 111.0 ms), "
                + "2026-11-30T00:53:25Z: 1 (slowest 20.0 ms)");
    }

    @Test
    void namesTheSecondsWithTheMostLateMessagesInTimeOrder() {
        LateMessages late = new LateMessages(1_000);
        for (int second = 0; second < LateMessages.SECONDS_PRINTED + 2; second++) {
            for (int i = 0; i <= second; i++) {
                late.record(2_000, T0 + second * 1_000L);
            }
        }
        String summary = late.summary();
        assertThat(summary).startsWith("28 over 1.0 ms in 7 s; 2026-11-30T00:53:22Z: 3 ");
        assertThat(summary).doesNotContain("00:53:20Z").doesNotContain("00:53:21Z")
                .endsWith("00:53:26Z: 7 (slowest 2.0 ms)");
    }

    @Test
    void aResetForgetsThePreviousPhase() {
        LateMessages late = new LateMessages(10_000);
        late.record(50_000, T0);
        late.reset();
        assertThat(late.total()).isZero();
        assertThat(late.summary()).isEqualTo("none over 10.0 ms");
    }
}
