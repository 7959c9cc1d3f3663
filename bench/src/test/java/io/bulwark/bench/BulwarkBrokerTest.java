package io.bulwark.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BulwarkBrokerTest {

    @Test
    void theRateCapIsTheHubsDefaultPerDeviceLimitsWithoutTheEnvironment() {
        // 100 msg/s and 1 MiB/s per device: 1,000 devices allow 100,000 msg/s of 100 B, 64,000 of 16 KiB.
        assertThat(BulwarkBroker.telemetryRateCap(1_000, 100, null, null)).isEqualTo(100_000);
        assertThat(BulwarkBroker.telemetryRateCap(1_000, 16_384, null, " ")).isEqualTo(64_000);
    }

    @Test
    void theRateCapFollowsTheLimitsBulwarkUpWasGiven() {
        assertThat(BulwarkBroker.telemetryRateCap(10, 100, "100000", "104857600")).isEqualTo(1_000_000);
        // More messages allowed, the default 1 MiB/s still binds: 10,485.76 messages of 100 B per device.
        assertThat(BulwarkBroker.telemetryRateCap(10, 100, "100000", null)).isEqualTo(104_857.6);
        assertThat(BulwarkBroker.telemetryRateCap(10, 1_024, "100000", "1048576")).isEqualTo(10_240);
    }
}
