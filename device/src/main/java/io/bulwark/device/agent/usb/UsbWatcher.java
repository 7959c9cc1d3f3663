package io.bulwark.device.agent.usb;

import io.bulwark.device.agent.SecurityEvents;
import io.bulwark.device.agent.posture.UsbSysfs;
import io.bulwark.protocol.security.PhysicalAccess;
import io.bulwark.protocol.security.PhysicalAccess.Action;
import io.bulwark.protocol.security.PostureSnapshot.UsbDevice;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Emits a physical-access event for each USB device that appears in or disappears from the sysfs tree between two
 * polls. The first poll only records what is there: devices present at start are in the posture snapshot, not
 * "attached" events. A device replaced on the same port between polls (its bus address changed) is a removal and
 * an attach.
 */
public final class UsbWatcher {
    private final UsbSysfs sysfs;
    private final SecurityEvents events;
    private Map<String, UsbSysfs.Present> known;

    public UsbWatcher(UsbSysfs sysfs, SecurityEvents events) {
        this.sysfs = sysfs;
        this.events = events;
    }

    /** Compares the tree with the previous poll and emits the differences; returns them, removals first. */
    public synchronized List<PhysicalAccess> poll() {
        Map<String, UsbSysfs.Present> now = new LinkedHashMap<>();
        sysfs.read().forEach(present -> now.put(identity(present), present));
        List<PhysicalAccess> changes = new ArrayList<>();
        if (known != null) {
            known.forEach((key, present) -> {
                if (!now.containsKey(key)) {
                    changes.add(event(Action.REMOVED, present.device()));
                }
            });
            now.forEach((key, present) -> {
                if (!known.containsKey(key)) {
                    changes.add(event(Action.ATTACHED, present.device()));
                }
            });
        }
        known = now;
        changes.forEach(events::emit);
        return changes;
    }

    private static String identity(UsbSysfs.Present present) {
        UsbDevice device = present.device();
        return device.port() + "|" + device.vendorId() + "|" + device.productId() + "|" + present.devnum();
    }

    private static PhysicalAccess event(Action action, UsbDevice device) {
        return new PhysicalAccess(action, "usb", device.port(), device.vendorId(), device.productId(),
                device.manufacturer(), device.product());
    }
}
