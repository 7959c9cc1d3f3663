package io.bulwark.hub.security.detect;

import static io.bulwark.hub.security.detect.Records.T0;
import static io.bulwark.hub.security.detect.Records.telemetry;
import static org.assertj.core.api.Assertions.assertThat;

import io.bulwark.hub.security.alert.AlertSeverity;
import io.bulwark.hub.security.alert.AlertSignal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The traffic baseline (size and rate against the device's own average) and the new-source-network rule. */
class TrafficAndNetworkDetectorsTest {

    @Test
    void aMessageFarLargerThanTheDevicesOwnAverageAfterWarmUpIsAnAlert() {
        TrafficBaselineDetector detector = new TrafficBaselineDetector(10, 5, 1000, 1_000_000);
        long offset = 1;
        for (int i = 0; i < 5; i++) {
            assertThat(detector.inspect(telemetry("d1", 200, offset++, T0.plusSeconds(i)))).isEmpty();
        }
        assertThat(detector.inspect(telemetry("d1", 1999, offset++, T0.plusSeconds(6)))).as("under 10x").isEmpty();
        assertThat(detector.inspect(telemetry("d2", 50_000, offset++, T0.plusSeconds(6)))).as("d2 not warm")
                .isEmpty();

        assertThat(detector.inspect(telemetry("d1", 50_000, 99, T0.plusSeconds(7)))).singleElement()
                .satisfies(signal -> {
                    assertThat(signal.rule()).isEqualTo("traffic-size");
                    assertThat(signal.severity()).isEqualTo(AlertSeverity.MEDIUM);
                    assertThat(signal.dedupKey()).isEqualTo("traffic-size:d1");
                    assertThat(signal.evidence()).extracting(e -> e.offset()).containsExactly(99L);
                });
    }

    @Test
    void aMinuteWithFarMoreMessagesThanTheDevicesOwnAverageIsAnAlertOnce() {
        TrafficBaselineDetector detector = new TrafficBaselineDetector(10, 3, 1_000_000, 20);
        Instant minute = T0;
        long offset = 1;
        for (int m = 0; m < 4; m++) {
            for (int i = 0; i < 2; i++) {
                assertThat(detector.inspect(telemetry("d1", 10, offset++, minute.plusSeconds(i)))).isEmpty();
            }
            minute = minute.plus(Duration.ofMinutes(1));
        }
        List<AlertSignal> signals = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            signals.addAll(detector.inspect(telemetry("d1", 10, offset++, minute.plusMillis(i))));
        }
        // An average of 2 per minute: more than 10 x 2 (and at least the floor of 20) alerts, once this minute.
        assertThat(signals).singleElement().satisfies(signal -> {
            assertThat(signal.rule()).isEqualTo("traffic-rate");
            assertThat(signal.dedupKey()).isEqualTo("traffic-rate:d1");
            assertThat(signal.summary()).startsWith("d1 sent 21 messages within a minute, more than 10.0 times");
        });
    }

    @Test
    void aConnectFromANetworkNotSeenAfterTheLearningPeriodIsAnAlert() {
        NewSourceNetworkDetector detector = new NewSourceNetworkDetector(Duration.ofHours(1));
        assertThat(detector.inspect(new DeviceConnect("d1", "192.0.2.10", T0))).isEmpty();
        assertThat(detector.inspect(new DeviceConnect("d1", "198.51.100.4", T0.plusSeconds(60)))).as("learning")
                .isEmpty();
        Instant later = T0.plus(Duration.ofHours(2));
        assertThat(detector.inspect(new DeviceConnect("d1", "192.0.2.77", later))).as("same /24").isEmpty();
        assertThat(detector.inspect(new DeviceConnect("d1", "198.51.100.9", later))).as("learned /24").isEmpty();

        assertThat(detector.inspect(new DeviceConnect("d1", "203.0.113.50", later))).singleElement()
                .satisfies(signal -> {
                    assertThat(signal.rule()).isEqualTo("new-source-network");
                    assertThat(signal.severity()).isEqualTo(AlertSeverity.MEDIUM);
                    assertThat(signal.dedupKey()).isEqualTo("new-source-network:d1:203.0.113.0/24");
                    assertThat(signal.sourceAddress()).isEqualTo("203.0.113.50");
                });
        assertThat(detector.inspect(new DeviceConnect("d1", "203.0.113.51", later))).as("now known").isEmpty();
    }

    @Test
    void ipv6SourcesAreGroupedBySlash64AndNonAddressesIgnored() {
        assertThat(NewSourceNetworkDetector.networkOf("2001:db8:1:2:aaaa::1")).isEqualTo("2001:db8:1:2::/64");
        assertThat(NewSourceNetworkDetector.networkOf("10.1.2.3")).isEqualTo("10.1.2.0/24");
        assertThat(NewSourceNetworkDetector.networkOf("unknown")).isNull();
        assertThat(NewSourceNetworkDetector.networkOf("zz:not-an-address")).isNull();
    }
}
