package io.bulwark.protocol.security;

import java.util.List;

/**
 * What the device looks like from the inside, as the agent read it from the real sources. A {@code null} field means
 * "could not be read here" (no {@code apt}, no firewall tool, Secure Boot not exposed), which a baseline treats
 * differently from a bad value.
 */
public record PostureSnapshot(OperatingSystem os, String kernel, String firmwareVersion, String agentVersion,
                              List<ListeningPort> listeningPorts, List<UsbDevice> usbDevices, Firewall firewall,
                              Integer pendingSecurityUpdates, Antivirus antivirus, Boolean secureBoot)
        implements SecurityEventDetail {

    /** From {@code /etc/os-release}: {@code ID}, {@code NAME}, {@code VERSION_ID}. */
    public record OperatingSystem(String id, String name, String version) {
        public OperatingSystem {
            Bounded.optionalText("os.id", id);
            Bounded.optionalText("os.name", name);
            Bounded.optionalText("os.version", version);
        }
    }

    /** A socket in LISTEN state (TCP) or bound and unconnected (UDP). {@code ipVersion} is 4 or 6. */
    public record ListeningPort(String protocol, int ipVersion, String address, int port) {
        public ListeningPort {
            if (!"tcp".equals(protocol) && !"udp".equals(protocol)) {
                throw new SecurityEventFormatException("listening port protocol must be tcp or udp");
            }
            if (ipVersion != 4 && ipVersion != 6) {
                throw new SecurityEventFormatException("listening port ipVersion must be 4 or 6");
            }
            Bounded.text("listening port address", address);
            if (port < 0 || port > 65535) {
                throw new SecurityEventFormatException("listening port must be 0..65535");
            }
        }
    }

    /** A USB device present now; ids as in {@link PhysicalAccess}. */
    public record UsbDevice(String port, String vendorId, String productId, String manufacturer, String product) {
        public UsbDevice {
            Bounded.text("usb port", port);
            Bounded.optionalText("usb vendorId", vendorId);
            Bounded.optionalText("usb productId", productId);
            Bounded.optionalText("usb manufacturer", manufacturer);
            Bounded.optionalText("usb product", product);
        }
    }

    /** {@code tool} is {@code nft} or {@code iptables}; {@code active} means it has at least one rule or policy that drops. */
    public record Firewall(String tool, boolean active) {
        public Firewall {
            Bounded.text("firewall tool", tool);
        }
    }

    /** {@code signatureAgeSeconds} is null when the product is present but its signature date cannot be read. */
    public record Antivirus(String product, Long signatureAgeSeconds) {
        public Antivirus {
            Bounded.text("antivirus product", product);
            if (signatureAgeSeconds != null && signatureAgeSeconds < 0) {
                throw new SecurityEventFormatException("antivirus signatureAgeSeconds must not be negative");
            }
        }
    }

    public PostureSnapshot {
        Bounded.optionalText("kernel", kernel);
        Bounded.optionalText("firmwareVersion", firmwareVersion);
        Bounded.optionalText("agentVersion", agentVersion);
        listeningPorts = Bounded.items("listeningPorts", listeningPorts);
        usbDevices = Bounded.items("usbDevices", usbDevices);
        if (pendingSecurityUpdates != null && pendingSecurityUpdates < 0) {
            throw new SecurityEventFormatException("pendingSecurityUpdates must not be negative");
        }
    }
}
