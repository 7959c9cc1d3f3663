package io.bulwark.hub.security.detect;

import io.bulwark.hub.security.alert.AlertSignal;
import java.util.List;

/** A rule over the telemetry stream's traffic shape (sizes and rates, never contents). */
public interface TelemetryDetector {

    List<AlertSignal> inspect(TelemetrySample sample);
}
