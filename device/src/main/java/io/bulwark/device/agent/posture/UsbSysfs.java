package io.bulwark.device.agent.posture;

import io.bulwark.protocol.security.PostureSnapshot.UsbDevice;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Lists the USB devices under a sysfs tree such as {@code /sys/bus/usb/devices}. A device entry is named after its
 * port path ({@code 1-1}, {@code 2-1.4.3}); interfaces ({@code 1-1:1.0}) and root hubs ({@code usb1}, the host
 * controller itself) are not devices someone plugged in and are skipped. Each device directory holds the attribute
 * files {@code idVendor}, {@code idProduct}, and where the device reports them {@code manufacturer}, {@code product}
 * and {@code devnum} (the bus address, new on every attach).
 */
public final class UsbSysfs {
    private static final Pattern DEVICE_PORT = Pattern.compile("\\d+-\\d+(\\.\\d+)*");

    private final Path root;

    public UsbSysfs(Path root) {
        this.root = root;
    }

    /** One present device and its bus address (so a quick unplug and replug on the same port is still seen). */
    public record Present(UsbDevice device, String devnum) {
    }

    /** The devices present now, sorted by port; an absent tree (no USB on this machine) is an empty list. */
    public List<Present> read() {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        List<Present> devices = new ArrayList<>();
        try (Stream<Path> entries = Files.list(root)) {
            for (Path entry : (Iterable<Path>) entries::iterator) {
                String port = entry.getFileName().toString();
                if (DEVICE_PORT.matcher(port).matches() && Files.isDirectory(entry)) {
                    String vendor = attribute(entry, "idVendor");
                    if (vendor != null) {
                        devices.add(new Present(new UsbDevice(port, vendor, attribute(entry, "idProduct"),
                                attribute(entry, "manufacturer"), attribute(entry, "product")),
                                attribute(entry, "devnum")));
                    }
                }
            }
        } catch (IOException e) {
            return List.of();
        }
        devices.sort(Comparator.comparing(present -> present.device().port()));
        return devices;
    }

    /** An attribute's first line, or null when missing or unreadable (a device may vanish while it is read). */
    static String attribute(Path device, String name) {
        try {
            String value = Files.readString(device.resolve(name), StandardCharsets.UTF_8).strip();
            return value.isEmpty() ? null : OsRelease.bounded(value.lines().findFirst().orElse(value));
        } catch (IOException | java.io.UncheckedIOException e) {
            return null;
        }
    }
}
