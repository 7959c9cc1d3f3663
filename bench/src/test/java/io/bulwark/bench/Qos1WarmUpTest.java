package io.bulwark.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class Qos1WarmUpTest {

    @Test
    void onlyTheRunsFirstFloodWarmsUpLongerThanTheRamp() {
        Qos1WarmUp warmUp = new Qos1WarmUp(10);

        assertThat(warmUp.nextSeconds()).isEqualTo(10);
        assertThat(warmUp.nextSeconds()).isEqualTo(Qos1WarmUp.RAMP_SECONDS);
        assertThat(warmUp.nextSeconds()).isEqualTo(Qos1WarmUp.RAMP_SECONDS);
    }

    @Test
    void noWarmUpAskedMeansNoRampEither() {
        Qos1WarmUp warmUp = new Qos1WarmUp(0);

        assertThat(warmUp.nextSeconds()).isZero();
        assertThat(warmUp.nextSeconds()).isZero();
    }

    @Test
    void aNegativeWarmUpIsRefused() {
        assertThatThrownBy(() -> new Qos1WarmUp(-1)).isInstanceOf(IllegalArgumentException.class);
    }
}
