package io.bulwark.bench.micro;

import io.bulwark.hub.stream.StreamMessage;
import io.bulwark.hub.stream.StreamName;
import io.bulwark.hub.stream.embedded.SqliteStreams;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Durable telemetry appends to the embedded streams (SQLite, WAL, one writer thread with group commit), 100-byte
 * bodies with two properties. {@code oneAtATime} waits for each append before the next: one transaction and one
 * sync per message, the worst case of a single QoS 1 device. {@code batchOf500} has 500 appends in flight, as many
 * devices publishing at once do, so the writer commits them in a few batches: the figure is messages per second.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class StreamAppendBenchmark {

    private static final int IN_FLIGHT = 500;

    private TempHubCore core;
    private SqliteStreams streams;
    private StreamMessage message;
    private final List<CompletableFuture<Long>> pending = new ArrayList<>(IN_FLIGHT);

    @Setup
    public void setUp() {
        core = new TempHubCore("streams");
        streams = SqliteStreams.open(core.dir.resolve("streams.db"));
        byte[] body = new byte[100];
        java.util.Arrays.fill(body, (byte) 'x');
        message = new StreamMessage("sensor-0001", null, Instant.now(), "mqtt",
                Map.of("$.ct", "application/json", "site", "Lyon North"), body);
    }

    @TearDown
    public void tearDown() {
        streams.close();
        core.close();
    }

    @Benchmark
    public long oneAtATime() {
        return streams.append(StreamName.TELEMETRY, message).join();
    }

    @Benchmark
    @OperationsPerInvocation(IN_FLIGHT)
    public long batchOf500() {
        pending.clear();
        for (int i = 0; i < IN_FLIGHT; i++) {
            pending.add(streams.append(StreamName.TELEMETRY, message));
        }
        long last = 0;
        for (CompletableFuture<Long> append : pending) {
            last = append.join();
        }
        return last;
    }
}
