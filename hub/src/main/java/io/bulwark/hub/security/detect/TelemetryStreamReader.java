package io.bulwark.hub.security.detect;

import io.bulwark.hub.security.alert.AlertEvidence;
import io.bulwark.hub.security.alert.AlertSignal;
import io.bulwark.hub.stream.StoredMessage;
import io.bulwark.hub.stream.StreamName;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** Shows the size and time of each telemetry message (never its body) to the telemetry detectors. */
public final class TelemetryStreamReader implements Consumer<List<StoredMessage>> {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(TelemetryStreamReader.class);

    private final List<TelemetryDetector> detectors;
    private final Consumer<List<AlertSignal>> raise;

    public TelemetryStreamReader(List<TelemetryDetector> detectors, Consumer<List<AlertSignal>> raise) {
        this.detectors = List.copyOf(detectors);
        this.raise = raise;
    }

    /** Shows a page of the stream to the detectors, then raises what they found in one go. */
    @Override
    public void accept(List<StoredMessage> page) {
        List<AlertSignal> signals = new ArrayList<>();
        for (StoredMessage stored : page) {
            try {
                read(stored, signals);
            } catch (RuntimeException e) {
                // One bad message must not stop monitoring; its class name only, a message could quote content.
                LOG.warn("a detector failed on offset {}: {}", stored.offset(), e.getClass().getName());
            }
        }
        raise.accept(signals);
    }

    private void read(StoredMessage stored, List<AlertSignal> signals) {
        TelemetrySample sample = new TelemetrySample(stored.message().deviceId(), stored.message().body().length,
                stored.message().enqueuedTime(), new AlertEvidence(StreamName.TELEMETRY, stored.offset()));
        for (TelemetryDetector detector : detectors) {
            detector.inspect(sample).forEach(signals::add);
        }
    }
}
