package io.bulwark.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ComparisonTableTest {

    private final ComparisonTable table = new ComparisonTable(
            List.of(Figure.of("qos1-flat 100B", "msgs_per_s", 9_000, "msg/s"),
                    Figure.of("qos1-rate", "puback_p99_ms", 12.5, "ms"),
                    Figure.of("method", "p99_ms", 4, "ms"),
                    Figure.of("c2d", "p99_ms", 8, "ms")),
            List.of(Figure.of("qos1-rate", "puback_p99_ms", 5, "ms"),
                    Figure.of("qos1-flat 100B", "msgs_per_s", 12_000, "msg/s"),
                    Figure.notApplicable("method", "p99_ms", "ms", "no direct methods"),
                    Figure.of("c2d", "p99_ms", 0, "ms"),
                    Figure.of("idle-hold 1000", "rss_per_connection", 3.5, "KiB")));

    @Test
    void matchesFiguresByScenarioAndMetricInBulwarksOrder() {
        assertThat(table.rows()).extracting(ComparisonTable.Row::scenario)
                .containsExactly("qos1-flat 100B", "qos1-rate", "method", "c2d", "idle-hold 1000");
        assertThat(table.rows().get(0).bulwark()).isEqualTo(9_000);
        assertThat(table.rows().get(0).mosquitto()).isEqualTo(12_000);
    }

    @Test
    void theRatioIsBulwarkOverMosquitto() {
        assertThat(table.rows().get(0).ratio()).isEqualTo(0.75);
        assertThat(table.rows().get(1).ratio()).isEqualTo(2.5);
    }

    @Test
    void noRatioWhenEitherIsMissingOrMosquittosIsZero() {
        assertThat(table.rows().get(2).ratio()).isNaN();
        assertThat(table.rows().get(3).ratio()).isNaN();
        assertThat(table.rows().get(4).bulwark()).isNaN();
        assertThat(table.rows().get(4).ratio()).isNaN();
    }

    @Test
    void theMarkdownTableShowsBothBrokersTheRatioAndWhyAFigureIsMissing() {
        String markdown = table.markdown();
        assertThat(markdown.lines().findFirst().orElseThrow())
                .isEqualTo("| scenario | figure | unit | Bulwark | Mosquitto | Bulwark / Mosquitto | notes |");
        assertThat(markdown).contains("| qos1-flat 100B | msgs_per_s | msg/s | 9,000 | 12,000 | 0.75 |  |")
                .contains("| method | p99_ms | ms | 4.00 | n/a | n/a | Mosquitto: no direct methods |")
                .contains("| idle-hold 1000 | rss_per_connection | KiB | n/a | 3.50 | n/a |  |");
        assertThat(markdown.lines()).hasSize(2 + 5);
    }

    @Test
    void theDeliveredFigureIsMatchedLikeAnyOtherAndSummarisedWithItsRatio() {
        ComparisonTable delivered = new ComparisonTable(
                List.of(Figure.of("qos0-flat 100B", "msgs_per_s", 20_000, "msg/s"),
                        Figure.of("qos0-flat 100B", "stored_msgs_per_s", 19_000, "msg/s"),
                        new Figure("qos0-to-backend 100B", "delivered_msgs_per_s", 18_000, "msg/s",
                                "what one back end read of the telemetry stream"),
                        Figure.of("qos1-to-backend 100B", "delivered_msgs_per_s", 9_000, "msg/s")),
                List.of(Figure.of("qos0-flat 100B", "msgs_per_s", 400_000, "msg/s"),
                        new Figure("qos0-to-backend 100B", "delivered_msgs_per_s", 90_000, "msg/s",
                                "what one subscriber received"),
                        Figure.of("qos1-to-backend 100B", "delivered_msgs_per_s", 0, "msg/s")));
        assertThat(delivered.markdown()).contains("| qos0-to-backend 100B | delivered_msgs_per_s | msg/s | 18,000 | 90,000"
                + " | 0.20 | Bulwark: what one back end read of the telemetry stream; Mosquitto: what one subscriber"
                + " received |");
        assertThat(delivered.deliveredSummary().lines()).containsExactly(
                "delivered to a back end, qos0-to-backend 100B: Bulwark 18,000 msg/s, Mosquitto 90,000 msg/s,"
                        + " Bulwark / Mosquitto 0.20",
                "delivered to a back end, qos1-to-backend 100B: Bulwark 9,000 msg/s, Mosquitto 0.00 msg/s,"
                        + " Bulwark / Mosquitto n/a");
        assertThat(table.deliveredSummary()).isEmpty();
    }

    @Test
    void aSettleFigureOnlyOneBrokerHasStillGetsItsRow() {
        ComparisonTable settled = new ComparisonTable(
                List.of(new Figure("qos1-flat 1KiB", "settle_s", 60, "s", "not settled after 60 s: broker CPU 0.80"
                        + " cores; telemetry stream still growing; the phase ran anyway")),
                List.of());
        assertThat(settled.markdown()).contains("| qos1-flat 1KiB | settle_s | s | 60.00 | n/a | n/a | Bulwark: not"
                + " settled after 60 s: broker CPU 0.80 cores; telemetry stream still growing; the phase ran anyway |");
    }

    @Test
    void theTextTableHasOneLinePerFigure() {
        assertThat(table.text().lines()).hasSize(1 + 5);
        assertThat(table.text().lines().skip(1).findFirst().orElseThrow()).contains("9,000 msg/s")
                .contains("12,000").contains("0.75");
    }
}
