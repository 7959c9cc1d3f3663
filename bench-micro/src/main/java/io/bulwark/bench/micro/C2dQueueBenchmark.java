package io.bulwark.bench.micro;

import io.bulwark.hub.c2d.C2dMessage;
import io.bulwark.hub.c2d.CloudToDevice;
import io.bulwark.hub.c2d.FeedbackMode;
import io.bulwark.hub.registry.DeviceSpec;
import io.bulwark.hub.registry.IdentityId;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Cloud-to-device messages through the hub's queue on SQLite, as the service API and the MQTT delivery drive it:
 * {@code enqueue} is one send (registry check, durable insert, audit record), to one of 2,000 devices in turn; {@code roundTrip} is a send followed by
 * what delivery and the device's PUBACK do (fetch the oldest, mark delivered, complete with feedback).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class C2dQueueBenchmark {

    private static final IdentityId DEVICE = IdentityId.device("sensor-0001");
    private static final byte[] BODY = "{\"command\":\"reboot\",\"delaySeconds\":30}".getBytes(StandardCharsets.UTF_8);

    /** Sends rotate over this many devices, so that no queue grows deep during a run (Azure allows 50 each). */
    private static final int FLEET = 2_000;

    private TempHubCore core;
    private CloudToDevice queue;
    private IdentityId[] fleet;
    private int next;

    @Setup
    public void setUp() {
        core = new TempHubCore("c2d");
        core.registry.create(TempHubCore.OPERATOR, DeviceSpec.sasDevice(DEVICE));
        fleet = new IdentityId[FLEET];
        for (int i = 0; i < FLEET; i++) {
            fleet[i] = IdentityId.device("fleet-" + i);
            core.registry.create(TempHubCore.OPERATOR, DeviceSpec.sasDevice(fleet[i]));
        }
        queue = new CloudToDevice(core.store.cloudToDevice(), core.registry, core.audit, core.clock,
                new CloudToDevice.C2dLimits(1_000, java.time.Duration.ofHours(1), 10));
        // Nobody is connected: the hub's listener would look the device up and find no connection.
        queue.notifyThrough(to -> { });
    }

    @TearDown
    public void tearDown() {
        core.close();
    }

    @Benchmark
    public C2dMessage enqueue() {
        next = (next + 1) % FLEET;
        return send(fleet[next]);
    }

    @Benchmark
    public void roundTrip(Blackhole sink) {
        send(DEVICE);
        List<C2dMessage> next = queue.nextForDelivery(DEVICE, Set.of(), 1);
        C2dMessage message = next.get(0);
        queue.delivered(DEVICE, message.messageId());
        queue.complete(DEVICE, message.messageId());
        sink.consume(message);
    }

    private C2dMessage send(IdentityId to) {
        return queue.send(TempHubCore.OPERATOR, to, BODY, Map.of("kind", "command"), null, null,
                FeedbackMode.FULL);
    }
}
