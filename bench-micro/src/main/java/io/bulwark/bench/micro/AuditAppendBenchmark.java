package io.bulwark.bench.micro;

import io.bulwark.hub.audit.Actor;
import io.bulwark.hub.audit.AuditOutcome;
import io.bulwark.hub.audit.AuditRecord;
import io.bulwark.hub.stream.AuditStreamFeed;
import io.bulwark.hub.stream.embedded.SqliteStreams;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One audit record as the hub writes it: chained HMAC, a durable SQLite insert, the head file rewritten; with
 * {@code feed=true} also handed to the audit stream as Hub.java does (an asynchronous stream append).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class AuditAppendBenchmark {

    private static final Actor DEVICE = new Actor("device:sensor-0001", "127.0.0.1");

    @Param({"false", "true"})
    public boolean feed;

    private TempHubCore core;
    private SqliteStreams streams;

    @Setup
    public void setUp() {
        core = new TempHubCore("audit");
        if (feed) {
            streams = SqliteStreams.open(core.dir.resolve("streams.db"));
            AuditStreamFeed.start(core.audit, streams);
        }
    }

    @TearDown
    public void tearDown() {
        if (streams != null) {
            streams.close();
        }
        core.close();
    }

    @Benchmark
    public AuditRecord append() {
        return core.audit.record(DEVICE, "mqtt.throttled", "device:sensor-0001", AuditOutcome.DENIED,
                "publish rate over 100 messages/s");
    }
}
