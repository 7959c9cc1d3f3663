package io.bulwark.bench;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Service-to-device round trips at a fixed rate, on connections that are open and subscribed: cloud-to-device
 * latency (the service's send until the device has the message), direct-method round trip (REST call until its
 * answer, the device answering at once) and twin reported-patch round trip (the device's patch until the hub's 204).
 * The service side keeps at most 256 calls outstanding; a send beyond that is counted, not made. After the paced
 * phase the scenario waits (at most 15 s) for what is still on its way, so that slow answers are in the latency.
 * A call's time starts when the pacer makes it, before it waits for one of the driver's REST connections, so time
 * queued in the driver is in the latency too; an outstanding call is one queued or in flight.
 */
final class RoundTripScenarios {

    private static final int OUTSTANDING = 256;

    private final RunContext run;
    private final List<DeviceConnection> connections;

    RoundTripScenarios(RunContext run, List<DeviceConnection> connections) {
        this.run = run;
        this.connections = connections;
    }

    void cloudToDevice() throws Exception {
        run.broker().openService(run.connector());
        // Untimed first: the service's connections (REST client pool, TLS) are set up, and the JIT has compiled the
        // paths the phase takes, before the clock starts.
        cloudToDevice(warmUpSeconds(), false);
        cloudToDevice(run.options().seconds(), true);
    }

    /** At least two seconds, so that the REST connections are open before a timed phase even with no warm-up asked. */
    private int warmUpSeconds() {
        return Math.max(2, run.options().roundTripWarmUp());
    }

    private void cloudToDevice(int seconds, boolean measured) throws Exception {
        Broker broker = run.broker();
        LoadProbes probes = run.probes();
        int bytes = run.options().payloads().get(0);
        Semaphore outstanding = new Semaphore(OUTSTANDING);
        LongAdder errors = new LongAdder();
        AtomicReference<String> firstError = new AtomicReference<>();
        // How long the broker takes to accept a send (Bulwark: the 202 of the REST call), apart from delivery.
        Recorder accepted = new Recorder(3);
        probes.reset();
        long receivedBefore = probes.received.sum();
        java.util.OptionalLong connectionsBefore = broker.serviceConnectionsOpened();
        double brokerCpuBefore = broker.process().cpuSeconds();
        double driverCpuBefore = ownCpuSeconds();
        PacedLoop.Outcome outcome = PacedLoop.run(run.options().c2dRate(), seconds, i -> {
            if (!outstanding.tryAcquire()) {
                return false;
            }
            // The send time goes first in the body: the device computes the latency on the same clock.
            long start = System.nanoTime();
            byte[] body = ByteBuffer.allocate(bytes).putLong(start).array();
            broker.sendCloudToDevice(connections.get(i % connections.size()).device(), body)
                    .whenComplete((answer, failure) -> {
                        outstanding.release();
                        if (failure == null) {
                            accepted.recordValue(Math.max(1, (System.nanoTime() - start) / 1_000));
                        } else {
                            errors.increment();
                            firstError.compareAndSet(null, failure.getMessage());
                        }
                    });
            return true;
        });
        // Late messages still count: wait (at most 15 s) until every accepted send has arrived.
        outstanding.tryAcquire(OUTSTANDING, 15, TimeUnit.SECONDS);
        long acceptedSends = outcome.sent() - errors.sum();
        awaitCount(() -> probes.received.sum() - receivedBefore, acceptedSends);
        Histogram latency = probes.cloudToDevice.getIntervalHistogram();
        long received = probes.received.sum() - receivedBefore;
        // Less steady under a shared machine's noise than a latency: the whole phase, the waits after it included.
        double brokerCpu = broker.process().cpuSeconds() - brokerCpuBefore;
        double driverCpu = ownCpuSeconds() - driverCpuBefore;
        if (!measured) {
            return;
        }
        report("c2d", broker.cloudToDeviceMeaning(), outcome, received, errors.sum(), firstError.get(), latency);
        run.add(new Figure("c2d", "late_count", probes.lateCloudToDevice.total(), "count",
                probes.lateCloudToDevice.summary()));
        Histogram sends = accepted.getIntervalHistogram();
        run.add(Figure.of("c2d", "send_accepted_p50_ms", LoadProbes.ms(sends, 50), "ms"));
        run.add(Figure.of("c2d", "send_accepted_p99_ms", LoadProbes.ms(sends, 99), "ms"));
        reportConnectionsOpened("c2d", connectionsBefore);
        double perMessage = received == 0 ? Double.NaN : 1_000.0 / received;
        run.add(new Figure("c2d", "broker_cpu_per_msg", brokerCpu * perMessage, "ms",
                "broker CPU over the phase per message the devices got: accepting the send and delivering it"));
        run.add(new Figure("c2d", "driver_cpu_per_msg", driverCpu * perMessage, "ms",
                "the driver's CPU over the phase per message: sending, its TLS and the devices' side"));
    }

    private static double ownCpuSeconds() {
        return ProcessHandle.current().info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(Double.NaN);
    }

    /**
     * How many service connections (Bulwark: keep-alive HTTPS) the driver opened during the timed phase: with a
     * bounded pool that stays at the few the broker closed, where a client without a bound had opened hundreds.
     */
    private void reportConnectionsOpened(String scenario, java.util.OptionalLong before) {
        java.util.OptionalLong after = run.broker().serviceConnectionsOpened();
        if (before.isPresent() && after.isPresent()) {
            run.add(new Figure(scenario, "http_connections_opened", after.getAsLong() - before.getAsLong(), "count",
                    "during the timed phase; " + before.getAsLong() + " opened before it"));
        }
    }

    void directMethod() throws Exception {
        Broker broker = run.broker();
        if (!broker.hasMethodsAndTwins()) {
            run.add(Figure.notApplicable("method", "p99_ms", "ms", broker.name() + " has no direct methods"));
            return;
        }
        directMethod(warmUpSeconds(), false);
        directMethod(run.options().seconds(), true);
    }

    private void directMethod(int seconds, boolean measured) throws Exception {
        Broker broker = run.broker();
        LoadProbes probes = run.probes();
        Semaphore outstanding = new Semaphore(OUTSTANDING);
        LongAdder errors = new LongAdder();
        LongAdder answered = new LongAdder();
        AtomicReference<String> firstError = new AtomicReference<>();
        probes.reset();
        java.util.OptionalLong connectionsBefore = broker.serviceConnectionsOpened();
        PacedLoop.Outcome outcome = PacedLoop.run(run.options().methodRate(), seconds, i -> {
            if (!outstanding.tryAcquire()) {
                return false;
            }
            long start = System.nanoTime();
            broker.invokeMethod(connections.get(i % connections.size()).device()).whenComplete((answer, failure) -> {
                outstanding.release();
                if (failure == null) {
                    probes.method.recordValue(Math.max(1, (System.nanoTime() - start) / 1_000));
                    answered.increment();
                } else {
                    errors.increment();
                    firstError.compareAndSet(null, failure.getMessage());
                }
            });
            return true;
        });
        outstanding.tryAcquire(OUTSTANDING, 10, TimeUnit.SECONDS);
        if (!measured) {
            return;
        }
        report("method", "REST POST methods until its answer", outcome, answered.sum(), errors.sum(),
                firstError.get(), probes.method.getIntervalHistogram());
        reportConnectionsOpened("method", connectionsBefore);
    }

    void twinPatch() throws Exception {
        Broker broker = run.broker();
        if (!broker.hasMethodsAndTwins()) {
            run.add(Figure.notApplicable("twin", "p99_ms", "ms", broker.name() + " has no device twins"));
            return;
        }
        twinPatch(warmUpSeconds(), false);
        twinPatch(run.options().seconds(), true);
    }

    private void twinPatch(int seconds, boolean measured) throws Exception {
        LoadProbes probes = run.probes();
        probes.reset();
        long refusedBefore = probes.twinRefused.sum();
        Histogram twinSoFar = new Histogram(3);
        PacedLoop.Outcome outcome = PacedLoop.run(run.options().twinRate(), seconds, i -> {
            connections.get(i % connections.size()).patchReported();
            return true;
        });
        awaitCount(() -> {
            twinSoFar.add(probes.twin.getIntervalHistogram());
            return twinSoFar.getTotalCount() + probes.twinRefused.sum() - refusedBefore;
        }, outcome.sent());
        twinSoFar.add(probes.twin.getIntervalHistogram());
        if (!measured) {
            return;
        }
        Histogram latency = twinSoFar;
        long refused = probes.twinRefused.sum() - refusedBefore;
        report("twin", "reported patch until the 204 on $iothub/twin/res", outcome, latency.getTotalCount(), refused,
                refused > 0 ? "refused patches" : null, latency);
    }

    /** Waits until {@code count} reaches {@code target}, at most 15 s: answers still on their way are not lost. */
    private static void awaitCount(java.util.function.LongSupplier count, long target) throws InterruptedException {
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (count.getAsLong() < target && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        Thread.sleep(200);
    }

    private void report(String scenario, String meaning, PacedLoop.Outcome outcome, long completed, long errors,
                        String firstError, Histogram latency) {
        String note = meaning + (outcome.refused() + outcome.missed() > 0 ? "; rate not kept: " + outcome.refused()
                + " over " + OUTSTANDING + " outstanding and " + outcome.missed() + " late" : "")
                + (errors > 0 ? "; " + errors + " errors, first: " + ConnectionScenarios.clean(firstError) : "");
        run.add(new Figure(scenario, "rate_per_s", outcome.sent() / outcome.seconds(), "1/s", note));
        run.add(Figure.of(scenario, "completed", completed, "count"));
        run.add(Figure.of(scenario, "p50_ms", LoadProbes.ms(latency, 50), "ms"));
        run.add(Figure.of(scenario, "p99_ms", LoadProbes.ms(latency, 99), "ms"));
        run.add(Figure.of(scenario, "max_ms", latency.getTotalCount() == 0 ? Double.NaN
                : latency.getMaxValue() / 1000.0, "ms"));
    }
}
