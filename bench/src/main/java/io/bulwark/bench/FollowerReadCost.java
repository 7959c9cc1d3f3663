package io.bulwark.bench;

import io.bulwark.hub.stream.MessageMetadata;
import io.bulwark.hub.stream.MetadataPage;
import io.bulwark.hub.stream.StoredMessage;
import io.bulwark.hub.stream.StreamMessage;
import io.bulwark.hub.stream.StreamName;
import io.bulwark.hub.stream.StreamPage;
import io.bulwark.hub.stream.StreamQuery;
import io.bulwark.hub.stream.embedded.SqliteStreams;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * What the traffic baseline's follower costs per telemetry message: the CPU time of the reading thread (SQLite's
 * native work included) to read a stream of 100-byte messages from 200 devices a page of 500 at a time, once as whole
 * messages ({@code Streams.read}, what the follower did before) and once as metadata ({@code readMetadata}). Thread
 * CPU time, not wall time, so a busy shared machine skews it less. Four rounds; the first warms up the JIT.
 *
 * <p>Usage: {@code FollowerReadCost [MESSAGES=100000]}
 */
public final class FollowerReadCost {

    private FollowerReadCost() {
    }

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        Path dir = Files.createTempDirectory("bulwark-follower-cost");
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        try (SqliteStreams streams = SqliteStreams.open(dir.resolve("streams.db"))) {
            fill(streams, count);
            for (int round = 0; round < 4; round++) {
                long start = threads.getCurrentThreadCpuTime();
                long seen = readMessages(streams, count);
                long middle = threads.getCurrentThreadCpuTime();
                seen += readMetadata(streams, count);
                long end = threads.getCurrentThreadCpuTime();
                System.out.printf("round %d: read %.2f us/msg, readMetadata %.2f us/msg (thread CPU; %d read)%n",
                        round, (middle - start) / 1000.0 / count, (end - middle) / 1000.0 / count, seen);
            }
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    private static void fill(SqliteStreams streams, int count) {
        List<CompletableFuture<Long>> pending = new ArrayList<>();
        byte[] body = new byte[100];
        for (int i = 0; i < count; i++) {
            pending.add(streams.append(StreamName.TELEMETRY, new StreamMessage("device-" + (i % 200), null,
                    Instant.now(), "mqtt", Map.of("$.mid", "m" + i, "$.ct", "application/json"), body)));
            if (pending.size() >= 20_000) {
                pending.forEach(CompletableFuture::join);
                pending.clear();
            }
        }
        pending.forEach(CompletableFuture::join);
    }

    /** What the follower handed the detector before: device, body length, enqueued time of each message. */
    private static long readMessages(SqliteStreams streams, int count) {
        long seen = 0;
        for (long offset = 1; offset <= count; ) {
            StreamQuery query = StreamQuery.from(StreamName.TELEMETRY, offset, 500);
            StreamPage page = streams.read(query);
            for (StoredMessage stored : page.messages()) {
                seen += stored.message().body().length > 0 && stored.message().enqueuedTime() != null ? 1 : 0;
            }
            offset = page.nextOffset(query);
        }
        return seen;
    }

    private static long readMetadata(SqliteStreams streams, int count) {
        long seen = 0;
        for (long offset = 1; offset <= count; ) {
            StreamQuery query = StreamQuery.from(StreamName.TELEMETRY, offset, 500);
            MetadataPage page = streams.readMetadata(query);
            for (MessageMetadata metadata : page.messages()) {
                seen += metadata.bodyBytes() > 0 && metadata.enqueuedTime() != null ? 1 : 0;
            }
            offset = page.nextOffset(query);
        }
        return seen;
    }
}
