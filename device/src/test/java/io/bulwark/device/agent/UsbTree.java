package io.bulwark.device.agent;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Builds a fixture of {@code /sys/bus/usb/devices} in a folder: one directory per device named after its port, with
 * the attribute files the kernel writes (one value and a newline each), plus the entries a real tree also holds and
 * that are not plugged-in devices: the root hub {@code usb1} and interface directories such as {@code 1-1:1.0}.
 */
public final class UsbTree {
    private final Path root;
    private int nextDevnum = 2;

    public UsbTree(Path root) throws IOException {
        this.root = Files.createDirectories(root);
        Path hub = Files.createDirectories(root.resolve("usb1"));
        write(hub, "idVendor", "1d6b");
        write(hub, "idProduct", "0002");
        write(hub, "manufacturer", "Linux 6.1.0-27-amd64 xhci-hcd");
        write(hub, "product", "xHCI Host Controller");
        write(Files.createDirectories(root.resolve("1-0:1.0")), "bInterfaceClass", "09");
    }

    public Path root() {
        return root;
    }

    public UsbTree attach(String port, String vendor, String product, String manufacturer, String name)
            throws IOException {
        Path device = Files.createDirectories(root.resolve(port));
        write(device, "idVendor", vendor);
        write(device, "idProduct", product);
        if (manufacturer != null) {
            write(device, "manufacturer", manufacturer);
        }
        if (name != null) {
            write(device, "product", name);
        }
        write(device, "devnum", Integer.toString(nextDevnum++));
        write(device, "busnum", port.substring(0, port.indexOf('-')));
        write(device, "bDeviceClass", "00");
        write(Files.createDirectories(root.resolve(port + ":1.0")), "bInterfaceClass", "08");
        return this;
    }

    public UsbTree remove(String port) throws IOException {
        for (Path entry : new Path[] {root.resolve(port + ":1.0"), root.resolve(port)}) {
            try (Stream<Path> files = Files.walk(entry)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(file);
                }
            }
        }
        return this;
    }

    private static void write(Path device, String attribute, String value) throws IOException {
        Files.writeString(device.resolve(attribute), value + "\n");
    }
}
