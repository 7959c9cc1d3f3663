package io.bulwark.bench;

import java.util.Locale;
import java.util.Objects;

/**
 * One measured figure of a run, e.g. scenario {@code qos1-flat 100B}, metric {@code msgs_per_s}. A figure that could
 * not be measured for a broker (no such feature, or a limit of the machine) has a NaN value and says why in
 * {@code note}; it is written and shown as {@code n/a}. Scenario, metric and unit are plain words; a note's commas,
 * quotes and line breaks are replaced so that a figure is always one CSV line.
 */
record Figure(String scenario, String metric, double value, String unit, String note) {

    Figure {
        Objects.requireNonNull(scenario, "scenario");
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(unit, "unit");
        // Notes carry error messages: made fit for one CSV field rather than refused.
        note = note == null ? "" : note.replace(',', ';').replace('"', '\'').replaceAll("[\\r\\n]+", " ");
        for (String field : new String[] {scenario, metric, unit}) {
            if (field.contains(",") || field.contains("\n") || field.contains("\"")) {
                throw new IllegalArgumentException("no commas, quotes or line breaks in a figure: " + field);
            }
        }
        if (scenario.isBlank() || metric.isBlank()) {
            throw new IllegalArgumentException("a figure needs a scenario and a metric");
        }
    }

    static Figure of(String scenario, String metric, double value, String unit) {
        return new Figure(scenario, metric, value, unit, "");
    }

    static Figure notApplicable(String scenario, String metric, String unit, String why) {
        return new Figure(scenario, metric, Double.NaN, unit, why);
    }

    boolean measured() {
        return !Double.isNaN(value);
    }

    /** The value as people read it: no decimals from 100 up, two below, {@code n/a} when not measured. */
    String formattedValue() {
        if (!measured()) {
            return "n/a";
        }
        if (Math.abs(value) >= 100) {
            return String.format(Locale.ROOT, "%,.0f", value);
        }
        return String.format(Locale.ROOT, "%.2f", value);
    }

    /** {@code scenario,metric,value,unit,note}; the value in full precision, {@code n/a} when not measured. */
    String csvLine() {
        String number = measured() ? Double.toString(value) : "n/a";
        return String.join(",", scenario, metric, number, unit, note);
    }

    static Figure parseCsv(String line) {
        String[] fields = line.split(",", -1);
        if (fields.length != 5) {
            throw new IllegalArgumentException("a figure line has 5 fields: " + line);
        }
        double value = fields[2].equals("n/a") ? Double.NaN : Double.parseDouble(fields[2]);
        return new Figure(fields[0], fields[1], value, fields[3], fields[4]);
    }

    /** The human-readable line: {@code qos1-flat 100B  msgs_per_s  12,345 msg/s}. */
    String humanLine() {
        String text = String.format(Locale.ROOT, "%-26s %-20s %12s %s", scenario, metric, formattedValue(), unit);
        return note.isEmpty() ? text : text + "  (" + note + ")";
    }
}
