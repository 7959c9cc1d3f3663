package io.bulwark.hub.security.detect;

import io.bulwark.hub.security.alert.AlertSeverity;
import io.bulwark.hub.security.alert.AlertSignal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Rule {@code event-sequence-gap}: an agent numbers its events one by one within a boot id, so a jump forward within
 * the same boot id means events were suppressed on the device (or lost on the way) and is a medium alert. A new boot
 * id starts over (the agent lost its sequence store); a repeated or older number is a resend and is ignored.
 */
public final class EventSequenceGapDetector implements SecurityEventDetector {

    public static final String RULE = "event-sequence-gap";
    private static final int MAX_DEVICES = 100_000;

    private record Position(String bootId, long sequence) {
    }

    private final Map<String, Position> last = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Position> eldest) {
            return size() > MAX_DEVICES;
        }
    };

    @Override
    public List<AlertSignal> inspect(DeviceSecurityEvent event) {
        String device = event.deviceId();
        long sequence = event.event().sequence();
        String bootId = event.event().bootId();
        Position previous = last.get(device);
        if (previous != null && previous.bootId().equals(bootId) && sequence <= previous.sequence()) {
            return List.of();
        }
        last.put(device, new Position(bootId, sequence));
        if (previous == null || !previous.bootId().equals(bootId) || sequence == previous.sequence() + 1) {
            return List.of();
        }
        long missing = sequence - previous.sequence() - 1;
        String summary = missing + " security event(s) missing from " + device + " (sequence "
                + previous.sequence() + " then " + sequence + " in boot " + bootId + ")";
        return List.of(new AlertSignal(RULE, AlertSeverity.MEDIUM, RULE + ":" + device, device, null, summary,
                List.of(event.evidence()), event.enqueuedTime()));
    }
}
