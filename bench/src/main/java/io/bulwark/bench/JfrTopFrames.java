package io.bulwark.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where the hub spends its CPU, from a JFR recording: the methods on top of the sampled stacks (self time) and the
 * hub's own methods anywhere on them (total time), each as a share of all samples.
 *
 * <p>Usage: {@code JfrTopFrames RECORDING.jfr [rows=15]}
 */
public final class JfrTopFrames {

    private static final String OWN_CODE = "io.bulwark.";

    public static void main(String[] args) throws IOException {
        Path recording = Path.of(args[0]);
        int rows = args.length > 1 ? Integer.parseInt(args[1]) : 15;
        Map<String, Integer> self = new HashMap<>();
        Map<String, Integer> ownTotal = new HashMap<>();
        Map<String, Integer> threads = new HashMap<>();
        StreamBatches batches = new StreamBatches();
        int samples = 0;
        for (RecordedEvent event : RecordingFile.readAllEvents(recording)) {
            batches.add(event);
            if (!event.getEventType().getName().equals("jdk.ExecutionSample") || event.getStackTrace() == null) {
                continue;
            }
            RecordedStackTrace stack = event.getStackTrace();
            List<RecordedFrame> frames = stack.getFrames();
            if (frames.isEmpty()) {
                continue;
            }
            samples++;
            threads.merge(thread(event), 1, Integer::sum);
            self.merge(name(frames.get(0)), 1, Integer::sum);
            frames.stream().map(JfrTopFrames::name).filter(n -> n.startsWith(OWN_CODE)).distinct()
                    .forEach(n -> ownTotal.merge(n, 1, Integer::sum));
        }
        System.out.printf("%d CPU samples in %s%n", samples, recording.getFileName());
        print("top frames (self)", self, samples, rows);
        print("hub methods on the stack (total)", ownTotal, samples, rows);
        print("threads (numbered pool threads together)", threads, samples, rows);
        batches.print();
    }

    private static String thread(RecordedEvent event) {
        String name = event.getThread("sampledThread") == null ? "?" : event.getThread("sampledThread").getJavaName();
        return name == null ? "?" : name.replaceAll("-?\\d+$", "-N");
    }

    private static String name(RecordedFrame frame) {
        String type = frame.getMethod().getType().getName();
        int lambda = type.indexOf("$$Lambda");
        // Lambda classes carry a per-run id; the enclosing class names the code.
        return (lambda < 0 ? type : type.substring(0, lambda) + "$lambda") + "." + frame.getMethod().getName();
    }

    private static void print(String title, Map<String, Integer> counts, int samples, int rows) {
        System.out.println(title + ":");
        counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(rows)
                .forEach(e -> System.out.printf("  %5.1f %%  %s%n", 100.0 * e.getValue() / Math.max(samples, 1),
                        e.getKey()));
    }
}
