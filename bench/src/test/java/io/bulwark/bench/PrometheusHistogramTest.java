package io.bulwark.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PrometheusHistogramTest {

    private static String scrape(long fast, long medium, long all) {
        return """
                # TYPE bulwark_mqtt_telemetry_ack_seconds histogram
                bulwark_mqtt_telemetry_ack_seconds_bucket{le="0.001"} %d
                bulwark_mqtt_telemetry_ack_seconds_bucket{le="0.01"} %d
                bulwark_mqtt_telemetry_ack_seconds_bucket{le="+Inf"} %d
                bulwark_mqtt_telemetry_ack_seconds_count %d
                bulwark_other_seconds_bucket{le="0.5"} 7
                """.formatted(fast, medium, all, all);
    }

    private static final String ACK = "bulwark_mqtt_telemetry_ack_seconds";

    @Test
    void aPhaseIsTheDifferenceOfTheScrapesAroundIt() {
        PrometheusHistogram before = PrometheusHistogram.parse(scrape(10, 10, 10), ACK);
        PrometheusHistogram after = PrometheusHistogram.parse(scrape(110, 199, 200), ACK);
        PrometheusHistogram phase = after.since(before);
        assertThat(phase.total()).isEqualTo(190);
        assertThat(phase.percentileAtMost(50)).isEqualTo(0.001);
        assertThat(phase.percentileAtMost(99)).isEqualTo(0.01);
        assertThat(phase.percentileAtMost(100)).isEqualTo(Double.POSITIVE_INFINITY);
    }

    @Test
    void nothingObservedHasNoPercentile() {
        PrometheusHistogram same = PrometheusHistogram.parse(scrape(5, 5, 5), ACK);
        assertThat(same.since(same).percentileAtMost(99)).isNaN();
    }

    @Test
    void refusesWhatIsNotACumulativeHistogram() {
        assertThatThrownBy(() -> PrometheusHistogram.parse(scrape(1, 2, 3), "bulwark_missing_seconds"))
                .hasMessageContaining("no histogram");
        assertThatThrownBy(() -> PrometheusHistogram.parse(scrape(5, 2, 6), ACK))
                .hasMessageContaining("cumulative");
    }
}
