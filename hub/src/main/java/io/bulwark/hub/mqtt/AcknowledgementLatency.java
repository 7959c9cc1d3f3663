package io.bulwark.hub.mqtt;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Where a device transport reports, for each QoS 1 telemetry message, how long it took from being read off the
 * connection to its PUBACK being written: the hub's own share of the latency a device sees (the per-device limit's
 * hold, the stream writer's queue, the group commit and its sync, the hand-back to the connection's event loop),
 * without the network's, the device's, or the time the PUBLISH waited in the socket before the hub read it.
 */
@FunctionalInterface
public interface AcknowledgementLatency {

    AcknowledgementLatency NOT_RECORDED = nanos -> { };

    /** The metric operators read on {@code /metrics}, as a Prometheus histogram in seconds. */
    String METRIC = "bulwark_mqtt_telemetry_ack";

    void acknowledged(long nanos);

    /** A histogram in {@code registry}; recording costs a few atomic additions, no lock and no allocation. */
    static AcknowledgementLatency timer(MeterRegistry registry) {
        Timer timer = Timer.builder(METRIC)
                .description("QoS 1 telemetry: PUBLISH read until its PUBACK written (stored durably in between)")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(100_000))
                .maximumExpectedValue(Duration.ofSeconds(10))
                .register(registry);
        return nanos -> timer.record(nanos, TimeUnit.NANOSECONDS);
    }
}
