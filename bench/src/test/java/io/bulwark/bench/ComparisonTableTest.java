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
    void theTextTableHasOneLinePerFigure() {
        assertThat(table.text().lines()).hasSize(1 + 5);
        assertThat(table.text().lines().skip(1).findFirst().orElseThrow()).contains("9,000 msg/s")
                .contains("12,000").contains("0.75");
    }
}
