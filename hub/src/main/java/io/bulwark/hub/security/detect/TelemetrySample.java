package io.bulwark.hub.security.detect;

import io.bulwark.hub.security.alert.AlertEvidence;
import java.time.Instant;
import java.util.Objects;

/** What the baseline detector needs of one telemetry message: whose, how big, when. Never its body. */
public record TelemetrySample(String deviceId, int bytes, Instant enqueuedTime, AlertEvidence evidence) {

    public TelemetrySample {
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(enqueuedTime, "enqueuedTime");
        Objects.requireNonNull(evidence, "evidence");
    }
}
