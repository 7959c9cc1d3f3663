package io.bulwark.hub.security.detect;

import io.bulwark.hub.security.alert.AlertEvidence;
import io.bulwark.hub.security.alert.AlertSignal;
import io.bulwark.hub.stream.StoredMessage;
import io.bulwark.hub.stream.StreamName;
import java.util.List;
import java.util.function.Consumer;

/** Shows the size and time of each telemetry message (never its body) to the telemetry detectors. */
public final class TelemetryStreamReader implements Consumer<StoredMessage> {

    private final List<TelemetryDetector> detectors;
    private final Consumer<AlertSignal> raise;

    public TelemetryStreamReader(List<TelemetryDetector> detectors, Consumer<AlertSignal> raise) {
        this.detectors = List.copyOf(detectors);
        this.raise = raise;
    }

    @Override
    public void accept(StoredMessage stored) {
        TelemetrySample sample = new TelemetrySample(stored.message().deviceId(), stored.message().body().length,
                stored.message().enqueuedTime(), new AlertEvidence(StreamName.TELEMETRY, stored.offset()));
        for (TelemetryDetector detector : detectors) {
            detector.inspect(sample).forEach(raise);
        }
    }
}
