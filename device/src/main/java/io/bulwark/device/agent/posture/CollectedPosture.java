package io.bulwark.device.agent.posture;

import io.bulwark.protocol.security.PostureSnapshot;
import io.bulwark.protocol.security.PostureSnapshot.Antivirus;
import io.bulwark.protocol.security.PostureSnapshot.Firewall;
import io.bulwark.protocol.security.PostureSnapshot.ListeningPort;
import io.bulwark.protocol.security.PostureSnapshot.OperatingSystem;
import io.bulwark.protocol.security.PostureSnapshot.UsbDevice;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * One reading of the device's posture, in a form where two readings are equal exactly when nothing about the device
 * changed: the antivirus is kept as its signature build time, not as an age that grows every second.
 */
public record CollectedPosture(OperatingSystem os, String kernel, List<ListeningPort> listeningPorts,
                               List<UsbDevice> usbDevices, Firewall firewall, Integer pendingSecurityUpdates,
                               String antivirusProduct, Instant antivirusSignatures, Boolean secureBoot) {
    public CollectedPosture {
        listeningPorts = List.copyOf(listeningPorts);
        usbDevices = List.copyOf(usbDevices);
    }

    public PostureSnapshot toSnapshot(String firmwareVersion, String agentVersion, Instant now) {
        Antivirus antivirus = null;
        if (antivirusProduct != null) {
            Long age = antivirusSignatures == null ? null
                    : Math.max(0, Duration.between(antivirusSignatures, now).getSeconds());
            antivirus = new Antivirus(antivirusProduct, age);
        }
        return new PostureSnapshot(os, kernel, firmwareVersion, agentVersion, listeningPorts, usbDevices, firewall,
                pendingSecurityUpdates, antivirus, secureBoot);
    }
}
