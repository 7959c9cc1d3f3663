package io.bulwark.hub.security.detect;

import io.bulwark.hub.security.alert.AlertEvidence;
import io.bulwark.hub.security.alert.AlertSignal;
import io.bulwark.hub.stream.StoredMessage;
import io.bulwark.hub.stream.StreamName;
import io.bulwark.protocol.security.SecurityEvent;
import io.bulwark.protocol.security.SecurityEventCodec;
import io.bulwark.protocol.security.SecurityEventFormatException;
import java.util.List;
import java.util.function.Consumer;

/**
 * Decodes the security stream's messages (SecurityEventCodec, bounded) and shows each event to every security-event
 * detector. A body that is not a security event is skipped: the stream keeps it, the detectors cannot judge it.
 */
public final class SecurityStreamReader implements Consumer<List<StoredMessage>> {

    private final SecurityEventCodec codec = new SecurityEventCodec();
    private final List<SecurityEventDetector> detectors;
    private final Consumer<List<AlertSignal>> raise;

    public SecurityStreamReader(List<SecurityEventDetector> detectors, Consumer<List<AlertSignal>> raise) {
        this.detectors = List.copyOf(detectors);
        this.raise = raise;
    }

    /** Shows a page of the stream to the detectors, then raises what they found in one go. */
    @Override
    public void accept(List<StoredMessage> page) {
        PageOfSignals.show(page, StoredMessage::offset, this::read, raise);
    }

    private void read(StoredMessage stored, List<AlertSignal> signals) {
        SecurityEvent event;
        try {
            event = codec.decode(stored.message().body());
        } catch (SecurityEventFormatException notAnEvent) {
            return;
        }
        DeviceSecurityEvent deviceEvent = new DeviceSecurityEvent(stored.message().deviceId(), event,
                stored.message().enqueuedTime(), new AlertEvidence(StreamName.SECURITY, stored.offset()));
        for (SecurityEventDetector detector : detectors) {
            detector.inspect(deviceEvent).forEach(signals::add);
        }
    }
}
