package io.bulwark.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Bulwark's and Mosquitto's figures of the same run side by side, matched by scenario and metric, with the ratio
 * Bulwark / Mosquitto. Rows keep Bulwark's order; a figure only one broker has gets {@code n/a} for the other.
 */
final class ComparisonTable {

    /** One figure for both brokers; either may be NaN (not measured). */
    record Row(String scenario, String metric, String unit, double bulwark, double mosquitto, String note) {

        /** Bulwark / Mosquitto, NaN when either is missing or Mosquitto's is 0. */
        double ratio() {
            if (Double.isNaN(bulwark) || Double.isNaN(mosquitto) || mosquitto == 0) {
                return Double.NaN;
            }
            return bulwark / mosquitto;
        }
    }

    /** The like-for-like telemetry figure: what a back end received, per second. */
    static final String DELIVERED = "delivered_msgs_per_s";

    private final List<Row> rows;

    ComparisonTable(List<Figure> bulwark, List<Figure> mosquitto) {
        Map<String, Figure> theirs = new LinkedHashMap<>();
        for (Figure figure : mosquitto) {
            theirs.put(key(figure), figure);
        }
        List<Row> result = new ArrayList<>();
        for (Figure ours : bulwark) {
            Figure other = theirs.remove(key(ours));
            result.add(new Row(ours.scenario(), ours.metric(), ours.unit(), ours.value(),
                    other == null ? Double.NaN : other.value(), notes(ours, other)));
        }
        for (Figure other : theirs.values()) {
            result.add(new Row(other.scenario(), other.metric(), other.unit(), Double.NaN, other.value(),
                    notes(null, other)));
        }
        this.rows = List.copyOf(result);
    }

    List<Row> rows() {
        return rows;
    }

    /** A Markdown table: figure, unit, Bulwark, Mosquitto, ratio, notes. */
    String markdown() {
        StringBuilder table = new StringBuilder();
        table.append("| scenario | figure | unit | Bulwark | Mosquitto | Bulwark / Mosquitto | notes |\n");
        table.append("|---|---|---|---:|---:|---:|---|\n");
        for (Row row : rows) {
            table.append("| ").append(row.scenario()).append(" | ").append(row.metric()).append(" | ")
                    .append(row.unit()).append(" | ").append(number(row.bulwark())).append(" | ")
                    .append(number(row.mosquitto())).append(" | ").append(ratio(row.ratio())).append(" | ")
                    .append(row.note()).append(" |\n");
        }
        return table.toString();
    }

    /** Aligned lines for a terminal. */
    String text() {
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT, "%-26s %-20s %14s %14s %8s%n",
                "scenario", "figure", "Bulwark", "Mosquitto", "ratio"));
        for (Row row : rows) {
            text.append(String.format(Locale.ROOT, "%-26s %-20s %14s %14s %8s %s", row.scenario(), row.metric(),
                    number(row.bulwark()) + " " + row.unit(), number(row.mosquitto()), ratio(row.ratio()),
                    row.note()).stripTrailing()).append('\n');
        }
        return text.toString();
    }

    /**
     * The like-for-like lines, one per {@code delivered_msgs_per_s} row: what one back end got per second from each
     * broker, and the ratio. Empty when no such figure was measured.
     */
    String deliveredSummary() {
        StringBuilder text = new StringBuilder();
        for (Row row : rows) {
            if (row.metric().equals(DELIVERED)) {
                text.append(String.format(Locale.ROOT, "delivered to a back end, %s: Bulwark %s msg/s, Mosquitto %s"
                        + " msg/s, Bulwark / Mosquitto %s%n", row.scenario(), number(row.bulwark()),
                        number(row.mosquitto()), ratio(row.ratio())));
            }
        }
        return text.toString();
    }

    static String number(double value) {
        return Figure.of("x", "x", value, "").formattedValue();
    }

    static String ratio(double ratio) {
        return Double.isNaN(ratio) ? "n/a" : String.format(Locale.ROOT, "%.2f", ratio);
    }

    private static String key(Figure figure) {
        return figure.scenario() + "\u0000" + figure.metric();
    }

    private static String notes(Figure ours, Figure theirs) {
        List<String> notes = new ArrayList<>();
        if (ours != null && !ours.note().isEmpty()) {
            notes.add("Bulwark: " + ours.note());
        }
        if (theirs != null && !theirs.note().isEmpty()) {
            notes.add("Mosquitto: " + theirs.note());
        }
        return String.join("; ", notes);
    }
}
