package io.bulwark.hub.security.detect;

import io.bulwark.hub.security.alert.AlertSeverity;
import io.bulwark.hub.security.alert.AlertSignal;
import io.bulwark.protocol.security.Tamper;
import java.util.List;

/**
 * Rule {@code tamper} (S-MON-1): every tamper event is a critical alert. One active alert per device and tamper kind;
 * repeats count into it.
 */
public final class TamperDetector implements SecurityEventDetector {

    public static final String RULE = "tamper";

    @Override
    public List<AlertSignal> inspect(DeviceSecurityEvent event) {
        if (!(event.event().detail() instanceof Tamper tamper)) {
            return List.of();
        }
        String summary = "tamper reported by " + event.deviceId() + ": " + tamper.kind()
                + (tamper.detail() == null ? "" : " (" + tamper.detail() + ")");
        return List.of(new AlertSignal(RULE, AlertSeverity.CRITICAL,
                RULE + ":" + event.deviceId() + ":" + tamper.kind(), event.deviceId(), null, summary,
                List.of(event.evidence()), event.enqueuedTime()));
    }
}
