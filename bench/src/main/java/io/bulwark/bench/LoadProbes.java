package io.bulwark.bench;

import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * What all simulated devices of a run record, shared: latencies in microseconds (HdrHistogram recorders, written from
 * the event loops and read by the phase that measures) and counts.
 */
final class LoadProbes {

    /** PUBLISH to PUBACK of a device's QoS 1 telemetry. */
    final Recorder puback = new Recorder(3);
    /** Cloud-to-device: the service's send until the device has the message. */
    final Recorder cloudToDevice = new Recorder(3);
    /** Cloud-to-device messages over the 10 ms target, by the second they arrived in. */
    final LateMessages lateCloudToDevice = new LateMessages(10_000);
    /** Reported-properties patch until the hub's answer on {@code $iothub/twin/res/}. */
    final Recorder twin = new Recorder(3);
    /** Direct method: the REST call until its answer (measured by the service side). */
    final Recorder method = new Recorder(3);
    final LongAdder published = new LongAdder();
    final LongAdder acknowledged = new LongAdder();
    final LongAdder received = new LongAdder();
    final LongAdder methodsAnswered = new LongAdder();
    final LongAdder twinRefused = new LongAdder();
    /** Paced messages not sent because the device already had its window in flight. */
    final LongAdder windowFull = new LongAdder();

    /** The first exception a connection's pipeline raised (then the driver closed that connection), if any. */
    final java.util.concurrent.atomic.AtomicReference<String> firstConnectionError =
            new java.util.concurrent.atomic.AtomicReference<>();

    /** A cloud-to-device message arrived that was sent at {@code sentNanos} ({@link System#nanoTime()}). */
    void cloudToDeviceArrived(long sentNanos) {
        long micros = Math.max(1, (System.nanoTime() - sentNanos) / 1_000);
        cloudToDevice.recordValue(micros);
        lateCloudToDevice.record(micros, System.currentTimeMillis());
        received.increment();
    }

    /** Empties every recorder, so that the next phase reads only its own values. */
    void reset() {
        puback.getIntervalHistogram();
        cloudToDevice.getIntervalHistogram();
        lateCloudToDevice.reset();
        twin.getIntervalHistogram();
        method.getIntervalHistogram();
    }

    static double ms(Histogram histogram, double percentile) {
        return histogram.getTotalCount() == 0 ? Double.NaN : histogram.getValueAtPercentile(percentile) / 1000.0;
    }
}
