package io.bulwark.hub.security.detect;

import io.bulwark.hub.security.alert.AlertSeverity;
import io.bulwark.hub.security.alert.AlertSignal;
import io.bulwark.protocol.security.PhysicalAccess;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * Rule {@code usb-attach}: a USB device attached to a device whose class allows no USB is a high alert. The class is
 * the device's {@code deviceClass} tag; devices without one, or of a class the policy does not know, never alert.
 */
public final class UsbAttachDetector implements SecurityEventDetector {

    public static final String RULE = "usb-attach";

    private final Function<String, Optional<String>> deviceClassOf;
    private final DeviceClassPolicy classes;

    /** @param deviceClassOf a device id to its class tag, if it has one */
    public UsbAttachDetector(Function<String, Optional<String>> deviceClassOf, DeviceClassPolicy classes) {
        this.deviceClassOf = deviceClassOf;
        this.classes = classes;
    }

    @Override
    public List<AlertSignal> inspect(DeviceSecurityEvent event) {
        if (!(event.event().detail() instanceof PhysicalAccess access)
                || access.action() != PhysicalAccess.Action.ATTACHED
                || !"usb".equals(access.bus().toLowerCase(Locale.ROOT))) {
            return List.of();
        }
        Optional<String> deviceClass = deviceClassOf.apply(event.deviceId());
        if (deviceClass.isEmpty() || classes.usbAllowed(deviceClass.get()).orElse(true)) {
            return List.of();
        }
        String what = access.vendorId() == null ? "a USB device" : "USB device " + access.vendorId() + ":"
                + access.productId() + (access.product() == null ? "" : " (" + access.product() + ")");
        String summary = what + " attached at port " + access.port() + " of " + event.deviceId() + ", class "
                + deviceClass.get() + " allows no USB";
        return List.of(new AlertSignal(RULE, AlertSeverity.HIGH, RULE + ":" + event.deviceId(), event.deviceId(),
                null, summary, List.of(event.evidence()), event.enqueuedTime()));
    }
}
