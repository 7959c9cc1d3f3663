package io.bulwark.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class SettleRuleTest {

    private static final long HALF_SECOND = 500_000_000L;

    private static SettleRule.Sample at(int halfSeconds, double cpuSeconds, long stored) {
        return new SettleRule.Sample(halfSeconds * HALF_SECOND, cpuSeconds, OptionalLong.of(stored));
    }

    private static SettleRule.Sample at(int halfSeconds, double cpuSeconds) {
        return new SettleRule.Sample(halfSeconds * HALF_SECOND, cpuSeconds, OptionalLong.empty());
    }

    @Test
    void anIdleBrokerIsSettledAfterTheQuietSamplesAndTookNoTimeToSettle() {
        SettleRule rule = new SettleRule(0.10, 3);
        assertThat(rule.observe(at(0, 10.00, 7))).isFalse();
        assertThat(rule.observe(at(1, 10.01, 7))).isFalse();
        assertThat(rule.observe(at(2, 10.02, 7))).isFalse();
        assertThat(rule.observe(at(3, 10.03, 7))).isTrue();
        assertThat(rule.quietSinceNanos()).isZero();
        assertThat(rule.lastCores()).isCloseTo(0.02, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void aBusyBrokerIsNotSettledUntilItsCpuDropsAndTheTimeCountsFromThen() {
        SettleRule rule = new SettleRule(0.10, 2);
        rule.observe(at(0, 0.0));
        // 0.9 of a core over half a second: draining a backlog.
        assertThat(rule.observe(at(1, 0.45))).isFalse();
        assertThat(rule.lastCores()).isCloseTo(0.9, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(rule.observe(at(2, 0.90))).isFalse();
        assertThat(rule.observe(at(3, 0.92))).isFalse();
        assertThat(rule.observe(at(4, 0.94))).isTrue();
        assertThat(rule.quietSinceNanos()).isEqualTo(2 * HALF_SECOND);
    }

    @Test
    void aGrowingStreamIsNotSettledEvenAtIdleCpu() {
        SettleRule rule = new SettleRule(0.10, 2);
        rule.observe(at(0, 1.0, 100));
        assertThat(rule.observe(at(1, 1.0, 150))).isFalse();
        assertThat(rule.lastGrew()).isTrue();
        assertThat(rule.observe(at(2, 1.0, 150))).isFalse();
        assertThat(rule.observe(at(3, 1.0, 150))).isTrue();
        assertThat(rule.quietSinceNanos()).isEqualTo(HALF_SECOND);
    }

    @Test
    void aBusyIntervalStartsTheQuietRunAgain() {
        SettleRule rule = new SettleRule(0.10, 2);
        rule.observe(at(0, 0.0));
        rule.observe(at(1, 0.0));
        assertThat(rule.observe(at(2, 0.30))).isFalse();
        assertThat(rule.observe(at(3, 0.30))).isFalse();
        assertThat(rule.observe(at(4, 0.30))).isTrue();
        assertThat(rule.quietSinceNanos()).isEqualTo(2 * HALF_SECOND);
    }

    @Test
    void anUnreadableCpuTimeIsNeverQuiet() {
        SettleRule rule = new SettleRule(0.10, 1);
        rule.observe(at(0, 1.0));
        assertThat(rule.observe(at(1, Double.NaN))).isFalse();
        assertThatThrownBy(rule::quietSinceNanos).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void refusesSamplesOutOfOrderAndMeaninglessThresholds() {
        SettleRule rule = new SettleRule(0.10, 1);
        rule.observe(at(2, 1.0));
        assertThatThrownBy(() -> rule.observe(at(1, 1.0))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SettleRule(0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SettleRule(0.1, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
