package io.bulwark.device.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BackoffTest {

    private final Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30), new Random(42));

    @Test
    void windowDoublesFromTheBaseUpToTheCap() { // S-DOS-5
        assertThat(backoff.window(0)).isEqualTo(Duration.ofSeconds(1));
        assertThat(backoff.window(1)).isEqualTo(Duration.ofSeconds(2));
        assertThat(backoff.window(4)).isEqualTo(Duration.ofSeconds(16));
        assertThat(backoff.window(5)).isEqualTo(Duration.ofSeconds(30));
        assertThat(backoff.window(61)).isEqualTo(Duration.ofSeconds(30));
        assertThat(backoff.window(1000)).as("no overflow").isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void delaysAreFullJitterBetweenZeroAndTheWindow() { // S-DOS-5
        for (int attempt = 0; attempt < 10; attempt++) {
            for (int i = 0; i < 1000; i++) {
                assertThat(backoff.delay(attempt)).isBetween(Duration.ZERO, backoff.window(attempt));
            }
        }
    }

    @Test
    void firstRetriesOfAFleetSpreadEvenlyOverTheBaseWindow() { // S-DOS-5
        Backoff fleet = new Backoff(Duration.ofSeconds(10), Duration.ofSeconds(60), new Random(7));
        int[] perSecond = new int[11];
        for (int device = 0; device < 10_000; device++) {
            perSecond[(int) fleet.delay(0).toSeconds()]++;
        }
        // Uniform: 1,000 per second (the last bucket only holds exactly 10 s). Binomial sd is about 30.
        for (int second = 0; second < 10; second++) {
            assertThat(perSecond[second]).as("second " + second).isBetween(850, 1150);
        }
        assertThat(perSecond[10]).isLessThan(20);
    }

    @Test
    void sameSeedGivesTheSameDelays() {
        Backoff a = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5), new Random(3));
        Backoff b = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5), new Random(3));
        for (int attempt = 0; attempt < 20; attempt++) {
            assertThat(a.delay(attempt)).isEqualTo(b.delay(attempt));
        }
    }

    @Test
    void refusesAZeroBaseOrACapBelowIt() {
        assertThatThrownBy(() -> new Backoff(Duration.ZERO, Duration.ofSeconds(1), new Random()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1), new Random()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
