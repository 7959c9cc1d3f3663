package io.bulwark.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FigureTest {

    @Test
    void formatsLargeValuesWithoutDecimalsAndSmallOnesWithTwo() {
        assertThat(Figure.of("qos1-flat 100B", "msgs_per_s", 12_345.678, "msg/s").formattedValue())
                .isEqualTo("12,346");
        assertThat(Figure.of("qos1-rate", "puback_p99_ms", 3.14159, "ms").formattedValue()).isEqualTo("3.14");
        assertThat(Figure.of("x", "y", 100, "").formattedValue()).isEqualTo("100");
    }

    @Test
    void aFigureNotMeasuredReadsNotApplicableAndSaysWhy() {
        Figure figure = Figure.notApplicable("method", "p99_ms", "ms", "mosquitto has no direct methods");
        assertThat(figure.measured()).isFalse();
        assertThat(figure.formattedValue()).isEqualTo("n/a");
        assertThat(figure.csvLine()).isEqualTo("method,p99_ms,n/a,ms,mosquitto has no direct methods");
        assertThat(figure.humanLine()).contains("n/a ms").endsWith("(mosquitto has no direct methods)");
    }

    @Test
    void roundTripsThroughItsCsvLineInFullPrecision() {
        Figure figure = new Figure("c2d", "p99_ms", 1.0 / 3, "ms", "REST until the device has it");
        assertThat(Figure.parseCsv(figure.csvLine())).isEqualTo(figure);
        Figure missing = Figure.notApplicable("twin", "p99_ms", "ms", "none");
        assertThat(Figure.parseCsv(missing.csvLine()).measured()).isFalse();
    }

    @Test
    void aNoteWithCommasQuotesAndLineBreaksStillMakesOneCsvLine() {
        Figure figure = new Figure("method", "rate_per_s", 10, "1/s",
                "3 errors, first: answered 404: {\"type\":\"device-not-online\"}\nat line 2");
        assertThat(figure.csvLine()).doesNotContain("\n").doesNotContain("\"");
        assertThat(figure.csvLine().split(",", -1)).hasSize(5);
        assertThat(Figure.parseCsv(figure.csvLine())).isEqualTo(figure);
    }

    @Test
    void refusesScenarioMetricOrUnitThatWouldBreakTheFile() {
        assertThatThrownBy(() -> Figure.of("a,b", "m", 1, "u")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Figure.of("a", "m\n", 1, "u")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Figure.of(" ", "m", 1, "u")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Figure.parseCsv("a,b,1")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aResultsFileHoldsEveryFigureAddedAndReadsBack(@TempDir Path folder) throws Exception {
        Path file = folder.resolve("out/bulwark.csv");
        RunResults results = new RunResults(file, "bulwark");
        results.add(Figure.of("qos0-flat 1KiB", "msgs_per_s", 50_275.5, "msg/s"));
        results.add(Figure.notApplicable("idle-hold 50000", "rss_per_connection", "KiB", "driver open-files limit"));
        assertThat(java.nio.file.Files.readAllLines(file).get(0)).isEqualTo(RunResults.HEADER);
        assertThat(RunResults.read(file)).isEqualTo(results.figures()).hasSize(2);
        assertThat(results.figures()).extracting(Figure::scenario).containsExactly("qos0-flat 1KiB",
                "idle-hold 50000");
        assertThat(List.copyOf(RunResults.read(file))).element(1).extracting(Figure::note)
                .isEqualTo("driver open-files limit");
    }
}
