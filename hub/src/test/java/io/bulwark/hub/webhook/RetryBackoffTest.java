package io.bulwark.hub.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class RetryBackoffTest {

    private static final RetryBackoff BACKOFF = new RetryBackoff(Duration.ofSeconds(1), Duration.ofMinutes(5));

    /** Always the smallest or always the largest jitter the bound allows. */
    private static RandomGenerator extreme(boolean largest) {
        return new RandomGenerator() {
            @Override
            public long nextLong() {
                return 0;
            }

            @Override
            public long nextLong(long bound) {
                return largest ? bound - 1 : 0;
            }
        };
    }

    @Test
    void doublesEachTimeWithHalfOfEachStepRandom() {
        long[] steps = {1000, 2000, 4000, 8000, 16000};
        for (int failed = 1; failed <= steps.length; failed++) {
            long step = steps[failed - 1];
            assertThat(BACKOFF.delayAfter(failed, null, extreme(false))).isEqualTo(Duration.ofMillis(step / 2));
            assertThat(BACKOFF.delayAfter(failed, null, extreme(true))).isEqualTo(Duration.ofMillis(step));
        }
    }

    @Test
    void neverWaitsLongerThanTheCeilingHoweverManyFailures() {
        assertThat(BACKOFF.delayAfter(9, null, extreme(true))).as("256 s, still under").isEqualTo(Duration.ofSeconds(256));
        for (int failed : new int[] {10, 11, 30, 64, 1000, Integer.MAX_VALUE}) {
            Duration delay = BACKOFF.delayAfter(failed, null, extreme(true));
            assertThat(delay).isEqualTo(Duration.ofMinutes(5));
            assertThat(BACKOFF.delayAfter(failed, null, extreme(false))).isEqualTo(Duration.ofMillis(150_000));
        }
    }

    @Test
    void jitterSpreadsRetriesOverTheUpperHalfOfTheStep() {
        RandomGenerator random = new SplittableRandom(42);
        long smallest = Long.MAX_VALUE;
        long largest = 0;
        for (int i = 0; i < 2000; i++) {
            long delay = BACKOFF.delayAfter(3, null, random).toMillis();
            smallest = Math.min(smallest, delay);
            largest = Math.max(largest, delay);
        }
        assertThat(smallest).isBetween(2000L, 2100L);
        assertThat(largest).isBetween(3900L, 4000L);
    }

    @Test
    void honoursRetryAfterUpToTheCeiling() {
        assertThat(BACKOFF.delayAfter(1, Duration.ofSeconds(30), extreme(true))).isEqualTo(Duration.ofSeconds(30));
        assertThat(BACKOFF.delayAfter(1, Duration.ofHours(2), extreme(true))).isEqualTo(Duration.ofMinutes(5));
        assertThat(BACKOFF.delayAfter(5, Duration.ofSeconds(1), extreme(true)))
                .as("a shorter Retry-After does not shorten the backoff").isEqualTo(Duration.ofSeconds(16));
    }

    @Test
    void refusesZeroOrInvertedSteps() {
        assertThatThrownBy(() -> new RetryBackoff(Duration.ZERO, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RetryBackoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
