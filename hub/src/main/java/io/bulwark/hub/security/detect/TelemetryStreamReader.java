package io.bulwark.hub.security.detect;

import io.bulwark.hub.security.alert.AlertEvidence;
import io.bulwark.hub.security.alert.AlertSignal;
import io.bulwark.hub.stream.MessageMetadata;
import io.bulwark.hub.stream.StreamName;
import java.util.List;
import java.util.function.Consumer;

/**
 * Shows the size and time of each telemetry message to the telemetry detectors. It reads only the messages'
 * metadata ({@link StreamFollower#ofMetadata}), never a body: the detectors need none, and reading them back cost
 * ingest throughput.
 */
public final class TelemetryStreamReader implements Consumer<List<MessageMetadata>> {

    private final List<TelemetryDetector> detectors;
    private final Consumer<List<AlertSignal>> raise;

    public TelemetryStreamReader(List<TelemetryDetector> detectors, Consumer<List<AlertSignal>> raise) {
        this.detectors = List.copyOf(detectors);
        this.raise = raise;
    }

    /** Shows a page of the stream to the detectors, then raises what they found in one go. */
    @Override
    public void accept(List<MessageMetadata> page) {
        PageOfSignals.show(page, MessageMetadata::offset, this::read, raise);
    }

    private void read(MessageMetadata stored, List<AlertSignal> signals) {
        // The offset stays the evidence: an alert still points at the message a back end can read in full.
        TelemetrySample sample = new TelemetrySample(stored.deviceId(), stored.bodyBytes(), stored.enqueuedTime(),
                new AlertEvidence(StreamName.TELEMETRY, stored.offset()));
        for (TelemetryDetector detector : detectors) {
            detector.inspect(sample).forEach(signals::add);
        }
    }
}
