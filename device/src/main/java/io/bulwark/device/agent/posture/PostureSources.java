package io.bulwark.device.agent.posture;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Where posture is read from. The defaults are the real Linux locations; tests and the demo point some of them at
 * fixture trees. {@code commandTimeout} bounds each external tool (nft, iptables, apt-get, clamscan).
 */
public record PostureSources(Path osRelease, Path procRoot, Path usbDevices, Path efivars, Path clamavDatabase,
                             boolean runTools, Duration commandTimeout) {
    public PostureSources {
        Objects.requireNonNull(osRelease, "osRelease");
        Objects.requireNonNull(procRoot, "procRoot");
        Objects.requireNonNull(usbDevices, "usbDevices");
        Objects.requireNonNull(efivars, "efivars");
        Objects.requireNonNull(clamavDatabase, "clamavDatabase");
        if (commandTimeout == null || commandTimeout.isNegative() || commandTimeout.isZero()) {
            throw new IllegalArgumentException("commandTimeout must be positive");
        }
    }

    public static PostureSources linuxDefaults() {
        return new PostureSources(Path.of("/etc/os-release"), Path.of("/proc"), Path.of("/sys/bus/usb/devices"),
                Path.of("/sys/firmware/efi/efivars"), Path.of("/var/lib/clamav"), true, Duration.ofSeconds(60));
    }
}
