package io.bulwark.bench.memory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The memory of another JVM on this machine: its RSS from /proc, and its live heap by class from
 * {@code jcmd PID GC.class_histogram} (which runs a full GC first, so only reachable objects count).
 */
record HubMemory(long rssBytes, long liveHeapBytes, Map<String, long[]> classes) {

    /** A class whose live instances grew: bytes and instances added. */
    record Growth(String className, long bytes, long instances) {
    }

    private static final Pattern ROW = Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+).*$");
    private static final Pattern TOTAL = Pattern.compile("^Total\\s+(\\d+)\\s+(\\d+)\\s*$");

    static HubMemory of(long pid) throws IOException, InterruptedException {
        Process jcmd = new ProcessBuilder("jcmd", Long.toString(pid), "GC.class_histogram")
                .redirectErrorStream(true).start();
        String histogram = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!jcmd.waitFor(60, TimeUnit.SECONDS) || jcmd.exitValue() != 0) {
            throw new IllegalStateException("jcmd failed: " + histogram.lines().findFirst().orElse(""));
        }
        Map<String, long[]> classes = new HashMap<>();
        long total = -1;
        for (String line : histogram.split("\n")) {
            Matcher row = ROW.matcher(line);
            if (row.matches()) {
                classes.merge(row.group(3), new long[] {Long.parseLong(row.group(2)), Long.parseLong(row.group(1))},
                        (a, b) -> new long[] {a[0] + b[0], a[1] + b[1]});
                continue;
            }
            Matcher sum = TOTAL.matcher(line.trim());
            if (sum.matches()) {
                total = Long.parseLong(sum.group(2));
            }
        }
        if (total < 0) {
            throw new IllegalStateException("no total in the class histogram");
        }
        return new HubMemory(rss(pid), total, classes);
    }

    private static long rss(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        throw new IllegalStateException("no VmRSS for process " + pid);
    }

    List<Growth> growthSince(HubMemory before, int limit) {
        List<Growth> growth = new ArrayList<>();
        classes.forEach((name, now) -> {
            long[] then = before.classes.getOrDefault(name, new long[2]);
            growth.add(new Growth(name, now[0] - then[0], now[1] - then[1]));
        });
        growth.sort(Comparator.comparingLong(Growth::bytes).reversed());
        return growth.subList(0, Math.min(limit, growth.size()));
    }

    @Override
    public String toString() {
        return String.format("RSS %.1f MiB, live heap %.1f MiB", rssBytes / 1048576.0, liveHeapBytes / 1048576.0);
    }
}
