package io.bulwark.bench;

import io.netty.handler.codec.mqtt.MqttQoS;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.HdrHistogram.Histogram;

/**
 * Device-to-cloud telemetry on connections that are already open: QoS 1 flat out (a window of messages in flight per
 * device; throughput is PUBACKs per second, latency PUBLISH to PUBACK), QoS 0 flat out (as fast as TCP takes it;
 * throughput counts what the broker has proven to have read, fenced by a PINGREQ per connection at the end: see
 * {@link PingFence}), and QoS 1 at a fixed rate (latency at a given load). Each phase runs {@code seconds}; the QoS 1
 * flat-out phase after an untimed stretch of the same flood ({@link Qos1WarmUp}).
 */
final class TelemetryScenarios {

    private final RunContext run;

    TelemetryScenarios(RunContext run) {
        this.run = run;
    }

    /** Returns the measured rate in messages per second. */
    double qos1FlatOut(List<DeviceConnection> connections, int payloadBytes) throws InterruptedException {
        String scenario = qos1FlatName(payloadBytes);
        usePayload(connections, payloadBytes);
        Qos1Phase phase = qos1FlatOutPhase(connections);
        Thread.sleep(2_000);
        double rate = phase.rate();
        double seconds = phase.seconds();
        Histogram latency = phase.latency();
        // Both notes start with a separator, meant to follow other text; here they stand alone.
        run.add(new Figure(scenario, "msgs_per_s", rate, "msg/s", (capNote(connections.size(), payloadBytes, rate,
                seconds) + closedNote(connections)).replaceFirst("^[ ;]+", "")));
        run.add(Figure.of(scenario, "payload_mib_per_s", rate * payloadBytes / (1024.0 * 1024), "MiB/s"));
        run.add(Figure.of(scenario, "puback_p50_ms", LoadProbes.ms(latency, 50), "ms"));
        run.add(Figure.of(scenario, "puback_p99_ms", LoadProbes.ms(latency, 99), "ms"));
        return rate;
    }

    /** What one QoS 1 flat-out phase measured: PUBACKs per second over the timed part, and their latency. */
    record Qos1Phase(double rate, double seconds, Histogram latency) {
    }

    /**
     * Every device keeps its window of QoS 1 messages in flight; after the untimed warm-up ({@link Qos1WarmUp}) the
     * PUBACKs are counted for the phase's length, then the devices stop.
     */
    Qos1Phase qos1FlatOutPhase(List<DeviceConnection> connections) throws InterruptedException {
        LoadProbes probes = run.probes();
        connections.forEach(c -> c.startFlatOutQos1(run.options().window()));
        Thread.sleep(run.qos1WarmUp().nextSeconds() * 1_000L);
        probes.reset();
        long start = System.nanoTime();
        long acknowledgedBefore = probes.acknowledged.sum();
        Thread.sleep(run.options().seconds() * 1_000L);
        long acknowledged = probes.acknowledged.sum() - acknowledgedBefore;
        double seconds = (System.nanoTime() - start) / 1e9;
        Histogram latency = probes.puback.getIntervalHistogram();
        connections.forEach(DeviceConnection::stop);
        return new Qos1Phase(acknowledged / seconds, seconds, latency);
    }

    /**
     * QoS 0 flat out. Counted from the first message, not after a ramp: within a second the flood fills the socket
     * buffers, and a count that left those messages out while the broker read them would understate it. The broker
     * has settled before, so it has nothing else to read.
     */
    void qos0FlatOut(List<DeviceConnection> connections, int payloadBytes) throws Exception {
        String scenario = qos0FlatName(payloadBytes);
        LoadProbes probes = run.probes();
        usePayload(connections, payloadBytes);
        java.util.OptionalLong storedBefore = run.broker().storedTelemetry();
        connections.forEach(DeviceConnection::markPhaseStart);
        long publishedBefore = probes.published.sum();
        long start = System.nanoTime();
        connections.forEach(DeviceConnection::startFlatOutQos0);
        Thread.sleep(run.options().seconds() * 1_000L);
        PingFence.Outcome fence = stopAndFence(connections, start, publishedBefore);
        double rate = fence.readPerSecond();
        run.add(new Figure(scenario, "msgs_per_s", rate, "msg/s", "read by the broker: a PINGRESP per connection"
                + fence.note() + capNote(connections.size(), payloadBytes, rate, fence.seconds())
                + closedNote(connections)));
        run.add(Figure.of(scenario, "payload_mib_per_s", rate * payloadBytes / (1024.0 * 1024), "MiB/s"));
        if (storedBefore.isPresent()) {
            // Read is not stored: what the broker's stream holds, over the same time (plus what it still writes in
            // the next seconds: messages it held back under its per-device limits, or queued for its writer).
            long stored = settledStoredTelemetry() - storedBefore.getAsLong();
            // Until the count stopped growing: the last second, without growth, is not counted.
            double storedSeconds = Math.max(fence.seconds(), (System.nanoTime() - start) / 1e9 - 1);
            run.add(new Figure(scenario, "stored_msgs_per_s", stored / storedSeconds, "msg/s",
                    String.format(java.util.Locale.ROOT, "the telemetry stream grew by %d in %.1f s", stored,
                            storedSeconds)));
        }
    }

    /**
     * Stops a QoS 0 flood and waits (at most {@link BrokerSettling#BOUND_SECONDS}) until the broker proves it has
     * read what was written: see {@link PingFence}.
     */
    PingFence.Outcome stopAndFence(List<DeviceConnection> connections, long start, long publishedBefore)
            throws InterruptedException {
        connections.forEach(DeviceConnection::stop);
        // Stop hops onto each event loop; what the loops wrote before it is counted, nothing after.
        Thread.sleep(100);
        long written = run.probes().published.sum() - publishedBefore;
        PingFence.Outcome fence = PingFence.await(connections, start, BrokerSettling.BOUND_SECONDS, written);
        System.out.printf(java.util.Locale.ROOT, "fence: %d of %d connections answered, %.1f s after the start%n",
                fence.answered(), fence.connections(), fence.seconds());
        return fence;
    }

    /**
     * QoS 1 at {@code rate} messages per second from all devices together, spread round-robin: first untimed for
     * {@code qos1-rate-warm-up} seconds, then timed. Cold, the first seconds measured the driver's own JIT: it fell
     * to half the rate, then caught up in bursts that queued thousands of messages in the broker.
     */
    void qos1FixedRate(List<DeviceConnection> connections, double rate) throws InterruptedException {
        String scenario = "qos1-rate";
        LoadProbes probes = run.probes();
        usePayload(connections, run.options().payloads().get(0));
        if (run.options().qos1RateWarmUp() > 0) {
            publishPaced(connections, rate, run.options().qos1RateWarmUp());
        }
        probes.reset();
        long windowFullBefore = probes.windowFull.sum();
        long acknowledgedBefore = probes.acknowledged.sum();
        Optional<PrometheusHistogram> brokerSideBefore = acknowledgementLatency();
        PacedLoop.Outcome outcome = publishPaced(connections, rate, run.options().seconds());
        Optional<PrometheusHistogram> brokerSideAfter = acknowledgementLatency();
        Histogram latency = probes.puback.getIntervalHistogram();
        long acknowledged = probes.acknowledged.sum() - acknowledgedBefore;
        long windowFull = probes.windowFull.sum() - windowFullBefore;
        String note = size(run.options().payloads().get(0)) + (outcome.missed() + windowFull > 0
                ? "; rate not kept: " + outcome.missed() + " late and " + windowFull + " with a full window" : "");
        run.add(new Figure(scenario, "target_msgs_per_s", rate, "msg/s", note + closedNote(connections)));
        run.add(Figure.of(scenario, "acked_msgs_per_s", acknowledged / outcome.seconds(), "msg/s"));
        run.add(Figure.of(scenario, "puback_p50_ms", LoadProbes.ms(latency, 50), "ms"));
        run.add(Figure.of(scenario, "puback_p99_ms", LoadProbes.ms(latency, 99), "ms"));
        run.add(Figure.of(scenario, "puback_p999_ms", LoadProbes.ms(latency, 99.9), "ms"));
        run.add(Figure.of(scenario, "puback_max_ms", latency.getTotalCount() == 0 ? Double.NaN
                : latency.getMaxValue() / 1000.0, "ms"));
        if (brokerSideBefore.isPresent() && brokerSideAfter.isPresent()) {
            PrometheusHistogram phase = brokerSideAfter.get().since(brokerSideBefore.get());
            String inside = "inside the broker: PUBLISH read until PUBACK written (its /metrics histogram, the"
                    + " upper bound of the bucket; " + phase.total() + " acknowledgements)";
            run.add(new Figure(scenario, "broker_ack_p50_ms", phase.percentileAtMost(50) * 1000, "ms", inside));
            run.add(new Figure(scenario, "broker_ack_p99_ms", phase.percentileAtMost(99) * 1000, "ms", inside));
        }
    }

    /** QoS 1 at {@code rate} for {@code seconds}, then two seconds for the last PUBACKs to come back. */
    private static PacedLoop.Outcome publishPaced(List<DeviceConnection> connections, double rate, int seconds)
            throws InterruptedException {
        PacedLoop.Outcome outcome = PacedLoop.run(rate, seconds, i -> {
            connections.get(i % connections.size()).publishPaced(MqttQoS.AT_LEAST_ONCE);
            return true;
        });
        Thread.sleep(2_000);
        return outcome;
    }

    /** The broker's own acknowledgement histogram, where it has one; a failed scrape only loses that figure. */
    private Optional<PrometheusHistogram> acknowledgementLatency() {
        try {
            return run.broker().acknowledgementLatency();
        } catch (Exception e) {
            System.out.println("acknowledgement histogram not read: " + e.getMessage());
            return Optional.empty();
        }
    }

    static void usePayload(List<DeviceConnection> connections, int bytes) {
        byte[] payload = new byte[bytes];
        java.util.Arrays.fill(payload, (byte) 'x');
        connections.forEach(c -> c.usePayload(payload));
    }

    /** The stored count once it stops growing for a second (at most 30 s). */
    long settledStoredTelemetry() throws Exception {
        long deadline = System.nanoTime() + 30_000_000_000L;
        long last = run.broker().storedTelemetry().orElseThrow();
        while (System.nanoTime() < deadline) {
            Thread.sleep(1_000);
            long now = run.broker().storedTelemetry().orElseThrow();
            if (now == last) {
                return now;
            }
            last = now;
        }
        return last;
    }

    /** Says how many connections closed during the phase: the driver closes one only on an error in its pipeline. */
    String closedNote(List<DeviceConnection> connections) {
        long closed = connections.stream().filter(c -> c.closed).count();
        if (closed == 0) {
            return "";
        }
        String error = run.probes().firstConnectionError.get();
        return "; " + closed + " of " + connections.size() + " connections closed during the phase"
                + (error == null ? " (by the broker)" : " (first error in the driver: "
                + ConnectionScenarios.clean(error) + ")");
    }

    /**
     * Says so when a rate is near the broker's own per-device limit: then it measured the limit, not the broker. The
     * limit lets each device send a second's worth at once (its burst) on top of the rate, so over {@code seconds}
     * the most is {@code cap * (seconds + 1) / seconds}; a QoS 0 figure can go a little past even that, by the
     * messages the broker decoded from its last read before it paused the connection (held, not dropped).
     */
    String capNote(int devices, int payloadBytes, double rate, double seconds) {
        double cap = run.broker().telemetryRateCap(devices, payloadBytes);
        return rate >= 0.8 * cap ? String.format(java.util.Locale.ROOT,
                " [at or above 80 %% of the per-device limits: %d devices allow %.0f msg/s, %.0f over these %.1f s"
                        + " with each device's one-second burst]", devices, cap, cap * (seconds + 1) / seconds,
                seconds) : "";
    }

    static String qos1FlatName(int payloadBytes) {
        return "qos1-flat " + size(payloadBytes);
    }

    static String qos0FlatName(int payloadBytes) {
        return "qos0-flat " + size(payloadBytes);
    }

    /** 100 -> "100B", 1024 -> "1KiB", 16384 -> "16KiB". */
    static String size(int bytes) {
        return bytes >= 1024 && bytes % 1024 == 0 ? bytes / 1024 + "KiB" : bytes + "B";
    }
}
