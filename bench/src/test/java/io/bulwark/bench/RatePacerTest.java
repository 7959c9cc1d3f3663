package io.bulwark.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RatePacerTest {

    private static final long MS = 1_000_000L;

    @Test
    void releasesWhatIsDueSinceTheStart() {
        RatePacer pacer = new RatePacer(1_000, 100, 0);
        assertThat(pacer.take(0)).isZero();
        assertThat(pacer.take(MS)).isEqualTo(1);
        assertThat(pacer.take(MS)).isZero();
        assertThat(pacer.take(10 * MS)).isEqualTo(9);
        assertThat(pacer.issued()).isEqualTo(10);
    }

    @Test
    void keepsTheRateOverManyUnevenTicks() {
        RatePacer pacer = new RatePacer(2_500, 1_000, 0);
        long sent = 0;
        for (long now = 0; now <= 1_000 * MS; now += 317_000) {
            sent += pacer.take(now);
        }
        assertThat(sent).isBetween(2_499L, 2_500L);
        assertThat(pacer.missed()).isZero();
    }

    @Test
    void handlesRatesBelowOnePerTick() {
        RatePacer pacer = new RatePacer(0.5, 10, 0);
        assertThat(pacer.take(1_999 * MS)).isZero();
        assertThat(pacer.take(2_000 * MS)).isEqualTo(1);
    }

    @Test
    void aStallIsNotMadeUpWithAFloodButCountedAsMissed() {
        RatePacer pacer = new RatePacer(10_000, 50, 0);
        assertThat(pacer.take(100 * MS)).isEqualTo(50);
        assertThat(pacer.missed()).isEqualTo(950);
        // Back on schedule from there: the next millisecond owes 10.
        assertThat(pacer.take(101 * MS)).isEqualTo(10);
        assertThat(pacer.issued() + pacer.missed()).isEqualTo(1_010);
    }

    @Test
    void countsFromItsOwnStart() {
        long start = 5_000 * MS;
        RatePacer pacer = new RatePacer(100, 10, start);
        assertThat(pacer.take(start - MS)).isZero();
        assertThat(pacer.take(start + 100 * MS)).isEqualTo(10);
    }

    @Test
    void refusesRatesThatAreNoRates() {
        assertThatThrownBy(() -> new RatePacer(0, 1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RatePacer(Double.NaN, 1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RatePacer(Double.POSITIVE_INFINITY, 1, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RatePacer(10, 0, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
