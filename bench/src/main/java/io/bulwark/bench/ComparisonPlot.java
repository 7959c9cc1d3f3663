package io.bulwark.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;

/**
 * The report's plot, one PNG of six bar charts, Bulwark against Mosquitto: telemetry read or acknowledged without a
 * back end, telemetry delivered to one back end (the like-for-like figure), p99 latencies at fixed rates (QoS 1, C2D,
 * methods, twins; connect latency is in the table), connects per second, memory per held connection, and how long
 * each broker took to settle before each phase. A figure one broker lacks has no bar for it.
 */
final class ComparisonPlot {

    private ComparisonPlot() {
    }

    static void write(ComparisonTable table, Path png) throws IOException {
        List<Chart<?, ?>> charts = new ArrayList<>();
        charts.add(chart(table, "Telemetry, no back end: acked (QoS 1) or read (QoS 0), msg/s", "msg/s",
                row -> row.metric().equals("msgs_per_s") && row.scenario().contains("-flat ")));
        charts.add(chart(table, "Telemetry delivered to one back end (msg/s, more is better)", "msg/s",
                row -> row.metric().equals(ComparisonTable.DELIVERED)));
        charts.add(chart(table, "Latency p99 at a fixed rate (ms; Mosquitto c2d = pub-to-sub)",
                "ms", row -> (row.metric().equals("p99_ms") || row.metric().equals("puback_p99_ms"))
                        && !row.scenario().startsWith("qos1-flat") && !row.scenario().startsWith("qos1-to-backend")));
        charts.add(chart(table, "Connect storm (connects/s, more is better)", "connects/s",
                row -> row.metric().equals("connects_per_s") && row.scenario().startsWith("connect-storm")));
        charts.add(chart(table, "Idle hold: broker memory per connection (KiB, less is better)", "KiB",
                row -> row.metric().equals("rss_per_connection")));
        charts.add(chart(table, "Settling before each phase (s, less is better)", "s",
                row -> row.metric().equals("settle_s")));
        BitmapEncoder.saveBitmap(charts, 3, 2, png.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    /** No bar for a figure not measured. */
    private static Double bar(double value) {
        return Double.isNaN(value) ? null : value;
    }

    private static CategoryChart chart(ComparisonTable table, String title, String unit,
                                       Predicate<ComparisonTable.Row> wanted) {
        List<String> labels = new ArrayList<>();
        List<Double> bulwark = new ArrayList<>();
        List<Double> mosquitto = new ArrayList<>();
        for (ComparisonTable.Row row : table.rows()) {
            if (wanted.test(row)) {
                labels.add(row.scenario());
                bulwark.add(bar(row.bulwark()));
                mosquitto.add(bar(row.mosquitto()));
            }
        }
        CategoryChart chart = new CategoryChartBuilder().width(640).height(480).title(title).yAxisTitle(unit)
                .build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setXAxisLabelRotation(35);
        chart.getStyler().setAvailableSpaceFill(0.8);
        chart.getStyler().setYAxisDecimalPattern("#,##0.##");
        if (labels.isEmpty()) {
            // XChart refuses an empty series: one empty category says "nothing measured" instead.
            labels.add("not measured");
            bulwark.add(0.0);
            mosquitto.add(0.0);
        }
        chart.addSeries("Bulwark", labels, bulwark);
        chart.addSeries("Mosquitto", labels, mosquitto);
        return chart;
    }
}
