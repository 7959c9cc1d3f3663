package io.bulwark.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.function.ToLongFunction;
import jdk.jfr.consumer.RecordedEvent;

/**
 * The hub's stream writer batches from a JFR recording ({@code io.bulwark.StreamBatch}): how big they were, how long
 * the oldest message of each waited for the writer, and how a batch's time split between the rows, the commit (with
 * its WAL sync) and handing out the completions. Printed by {@link JfrTopFrames}.
 */
final class StreamBatches {

    private record Batch(int messages, long bodyBytes, long oldestWait, long rows, long commit, long completions, long cpu) {
    }

    private final List<Batch> batches = new ArrayList<>();

    void add(RecordedEvent event) {
        if (!event.getEventType().getName().equals("io.bulwark.StreamBatch")) {
            return;
        }
        batches.add(new Batch(event.getInt("messages"), event.getLong("bodyBytes"), event.getLong("oldestWait"),
                event.getLong("rows"), event.getLong("commit"), event.getLong("completions"),
                event.getLong("cpu")));
    }

    void print() {
        if (batches.isEmpty()) {
            return;
        }
        long messages = batches.stream().mapToLong(Batch::messages).sum();
        long rows = batches.stream().mapToLong(Batch::rows).sum();
        long commits = batches.stream().mapToLong(Batch::commit).sum();
        long completions = batches.stream().mapToLong(Batch::completions).sum();
        long cpu = batches.stream().mapToLong(Batch::cpu).sum();
        System.out.printf(Locale.ROOT, "stream writer: %d batches, %d messages; per message: rows %.1f µs, commit "
                        + "%.1f µs, completions %.1f µs; writer CPU %.1f µs%n", batches.size(), messages,
                rows / 1e3 / messages, commits / 1e3 / messages, completions / 1e3 / messages, cpu / 1e3 / messages);
        line("messages per batch", Batch::messages, 1);
        line("oldest wait (ms)", Batch::oldestWait, 1e6);
        line("rows (ms)", Batch::rows, 1e6);
        line("commit (ms)", Batch::commit, 1e6);
        line("completions (ms)", Batch::completions, 1e6);
        line("writer CPU (ms)", Batch::cpu, 1e6);
    }

    private void line(String what, ToLongFunction<Batch> value, double unit) {
        List<Long> values = new ArrayList<>(batches.stream().mapToLong(value).boxed().toList());
        Collections.sort(values);
        System.out.printf(Locale.ROOT, "  %-20s p50 %9.2f  p90 %9.2f  p99 %9.2f  max %9.2f%n", what,
                at(values, 0.5) / unit, at(values, 0.9) / unit, at(values, 0.99) / unit,
                values.get(values.size() - 1) / unit);
    }

    private static long at(List<Long> sorted, double quantile) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.floor(quantile * sorted.size())));
    }
}
