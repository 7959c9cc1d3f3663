package io.bulwark.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One histogram from a Prometheus text exposition ({@code NAME_bucket{le="…"} COUNT} lines, cumulative counts), as
 * the hub publishes its PUBACK latency on {@code /metrics}. Two scrapes subtracted give the histogram of what
 * happened in between, so a phase's figure leaves out everything before it.
 *
 * @param bounds the buckets' upper bounds, ascending, the last one infinite
 * @param counts how many observations were at most the bound at the same index
 */
record PrometheusHistogram(List<Double> bounds, List<Long> counts) {

    PrometheusHistogram {
        bounds = List.copyOf(bounds);
        counts = List.copyOf(counts);
        if (bounds.size() != counts.size() || bounds.isEmpty()
                || bounds.get(bounds.size() - 1) != Double.POSITIVE_INFINITY) {
            throw new IllegalArgumentException("a histogram needs one count per bound and a +Inf bucket last");
        }
        for (int i = 1; i < bounds.size(); i++) {
            if (bounds.get(i) <= bounds.get(i - 1) || counts.get(i) < counts.get(i - 1)) {
                throw new IllegalArgumentException("bounds must ascend and counts must be cumulative");
            }
        }
    }

    /** The histogram {@code name} (without {@code _bucket}) in {@code exposition}; one without labels but {@code le}. */
    static PrometheusHistogram parse(String exposition, String name) {
        Pattern line = Pattern.compile("^" + Pattern.quote(name) + "_bucket\\{le=\"([^\"]+)\"} ([0-9.eE+]+)$",
                Pattern.MULTILINE);
        List<Double> bounds = new ArrayList<>();
        List<Long> counts = new ArrayList<>();
        Matcher matcher = line.matcher(exposition);
        while (matcher.find()) {
            String bound = matcher.group(1);
            bounds.add(bound.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(bound));
            counts.add((long) Double.parseDouble(matcher.group(2)));
        }
        if (bounds.isEmpty()) {
            throw new IllegalArgumentException("no histogram " + name + " in the exposition");
        }
        return new PrometheusHistogram(bounds, counts);
    }

    /** What was observed after {@code earlier} was scraped (the same histogram, scraped before this one). */
    PrometheusHistogram since(PrometheusHistogram earlier) {
        if (!earlier.bounds.equals(bounds)) {
            throw new IllegalArgumentException("the two scrapes have different buckets");
        }
        List<Long> difference = new ArrayList<>();
        for (int i = 0; i < counts.size(); i++) {
            difference.add(counts.get(i) - earlier.counts.get(i));
        }
        return new PrometheusHistogram(bounds, difference);
    }

    long total() {
        return counts.get(counts.size() - 1);
    }

    /**
     * The upper bound of the bucket that holds the {@code percentile}th observation: the true value is at most this
     * (and above the bucket before). NaN when nothing was observed.
     */
    double percentileAtMost(double percentile) {
        if (total() == 0) {
            return Double.NaN;
        }
        double wanted = Math.ceil(total() * percentile / 100.0);
        for (int i = 0; i < counts.size(); i++) {
            if (counts.get(i) >= wanted) {
                return bounds.get(i);
            }
        }
        return Double.POSITIVE_INFINITY;
    }
}
