package io.bulwark.bench;

import io.netty.handler.codec.mqtt.MqttQoS;
import java.util.List;
import java.util.Locale;
import org.HdrHistogram.Histogram;

/**
 * The telemetry floods again, with a back end that gets the messages ({@link Broker#openConsumer}): like for like.
 * Without one, Mosquitto drops a message nobody subscribed to once it has read it, while Bulwark stores every one
 * in its stream for a back end to read; here both deliver every message to one back end, and
 * {@code delivered_msgs_per_s} is what that back end received per second, counted from the phase's start until its
 * count stops growing (at most {@link BrokerSettling#BOUND_SECONDS} after the devices stop).
 */
final class BackendScenarios {

    private static final long DRAIN_POLL_MILLIS = 100;
    private static final long DRAIN_QUIET_NANOS = 1_000_000_000L;

    private final RunContext run;
    private final TelemetryScenarios telemetry;

    BackendScenarios(RunContext run) {
        this.run = run;
        this.telemetry = new TelemetryScenarios(run);
    }

    static String qos1Name(int payloadBytes) {
        return "qos1-to-backend " + TelemetryScenarios.size(payloadBytes);
    }

    static String qos0Name(int payloadBytes) {
        return "qos0-to-backend " + TelemetryScenarios.size(payloadBytes);
    }

    /** QoS 1 flat out (as {@code qos1-flat}) while the back end reads, subscribed at QoS 1. */
    void qos1ToBackend(List<DeviceConnection> connections, int payloadBytes) throws Exception {
        String scenario = qos1Name(payloadBytes);
        LoadProbes probes = run.probes();
        try (TelemetryConsumer consumer = run.broker().openConsumer(run.connector(), MqttQoS.AT_LEAST_ONCE)) {
            TelemetryScenarios.usePayload(connections, payloadBytes);
            long publishedAtOpen = probes.published.sum();
            long floodStart = System.nanoTime();
            TelemetryScenarios.Qos1Phase phase = telemetry.qos1FlatOutPhase(connections);
            double rate = phase.rate();
            double seconds = phase.seconds();
            Histogram latency = phase.latency();
            run.add(new Figure(scenario, "msgs_per_s", rate, "msg/s", "PUBACKs while a back end reads"
                    + telemetry.capNote(connections.size(), payloadBytes, rate, seconds)
                    + telemetry.closedNote(connections)));
            run.add(Figure.of(scenario, "puback_p99_ms", LoadProbes.ms(latency, 99), "ms"));
            delivered(scenario, consumer, floodStart, publishedAtOpen, MqttQoS.AT_LEAST_ONCE);
        }
    }

    /** QoS 0 flat out (as {@code qos0-flat}, counted and fenced the same way) while the back end reads at QoS 0. */
    void qos0ToBackend(List<DeviceConnection> connections, int payloadBytes) throws Exception {
        String scenario = qos0Name(payloadBytes);
        LoadProbes probes = run.probes();
        try (TelemetryConsumer consumer = run.broker().openConsumer(run.connector(), MqttQoS.AT_MOST_ONCE)) {
            TelemetryScenarios.usePayload(connections, payloadBytes);
            connections.forEach(DeviceConnection::markPhaseStart);
            long publishedBefore = probes.published.sum();
            long start = System.nanoTime();
            connections.forEach(DeviceConnection::startFlatOutQos0);
            Thread.sleep(run.options().seconds() * 1_000L);
            PingFence.Outcome fence = telemetry.stopAndFence(connections, start, publishedBefore);
            double rate = fence.readPerSecond();
            run.add(new Figure(scenario, "msgs_per_s", rate, "msg/s", "read by the broker while a back end reads"
                    + fence.note() + telemetry.capNote(connections.size(), payloadBytes, rate, fence.seconds())
                    + telemetry.closedNote(connections)));
            delivered(scenario, consumer, start, publishedBefore, MqttQoS.AT_MOST_ONCE);
        }
    }

    /**
     * Waits until the back end's count stops growing and adds {@code delivered_msgs_per_s}: everything it received
     * (it opened before the flood, so all of it is the flood's), over the time from the flood's first message to the
     * last one it received.
     */
    private void delivered(String scenario, TelemetryConsumer consumer, long floodStart, long publishedBefore,
                           MqttQoS qos) throws InterruptedException {
        long deadline = System.nanoTime() + BrokerSettling.BOUND_SECONDS * 1_000_000_000L;
        long last = consumer.received();
        long lastGrowth = System.nanoTime();
        while (System.nanoTime() - lastGrowth < DRAIN_QUIET_NANOS && System.nanoTime() < deadline
                && consumer.failure() == null) {
            Thread.sleep(DRAIN_POLL_MILLIS);
            long now = consumer.received();
            if (now != last) {
                last = now;
                lastGrowth = System.nanoTime();
            }
        }
        boolean stillGrowing = System.nanoTime() - lastGrowth < DRAIN_QUIET_NANOS;
        double seconds = Math.max(1e-3, (lastGrowth - floodStart) / 1e9);
        long sent = run.probes().published.sum() - publishedBefore;
        String note = String.format(Locale.ROOT, "%s; %d of the %d messages the devices sent; in %.1f s from the"
                        + " first%s%s", run.broker().consumerMeaning(qos), last, sent, seconds,
                stillGrowing ? "; still receiving when the " + BrokerSettling.BOUND_SECONDS
                        + " s bound ended the count" : "",
                consumer.failure() == null ? "" : "; " + consumer.failure());
        run.add(new Figure(scenario, "delivered_msgs_per_s", last / seconds, "msg/s", note));
    }
}
