package io.bulwark.hub.security.posture;

import io.bulwark.protocol.security.PostureSnapshot;
import io.bulwark.protocol.security.PostureSnapshot.Antivirus;
import io.bulwark.protocol.security.PostureSnapshot.Firewall;
import io.bulwark.protocol.security.PostureSnapshot.ListeningPort;
import io.bulwark.protocol.security.PostureSnapshot.OperatingSystem;
import io.bulwark.protocol.security.PostureSnapshot.UsbDevice;
import java.util.List;
import java.util.Map;

/** Posture snapshots and baselines for tests: a healthy device and a strict baseline it meets, changed one field at a time. */
public final class Snapshots {

    private Snapshots() {
    }

    /** Debian 12, firmware 2.4.1, ssh only, no USB, nft active, no pending updates, fresh ClamAV. */
    public static PostureSnapshot healthy() {
        return new PostureSnapshot(new OperatingSystem("debian", "Debian GNU/Linux", "12"), "6.1.0-18-amd64",
                "2.4.1", "1.0.0", List.of(new ListeningPort("tcp", 4, "0.0.0.0", 22)), List.of(),
                new Firewall("nft", true), 0, new Antivirus("ClamAV", 3600L), true);
    }

    /** What {@link #healthy()} meets exactly. */
    public static Baseline strict() {
        return new Baseline(Map.of("debian", "12", "ubuntu", "22.04"), "2.4.0", true, 86_400L,
                List.of(new AllowedPort("tcp", 22)), false, true, 0);
    }

    public static PostureSnapshot withPorts(ListeningPort... ports) {
        PostureSnapshot s = healthy();
        return new PostureSnapshot(s.os(), s.kernel(), s.firmwareVersion(), s.agentVersion(), List.of(ports),
                s.usbDevices(), s.firewall(), s.pendingSecurityUpdates(), s.antivirus(), s.secureBoot());
    }

    public static PostureSnapshot withOs(OperatingSystem os) {
        PostureSnapshot s = healthy();
        return new PostureSnapshot(os, s.kernel(), s.firmwareVersion(), s.agentVersion(), s.listeningPorts(),
                s.usbDevices(), s.firewall(), s.pendingSecurityUpdates(), s.antivirus(), s.secureBoot());
    }

    public static PostureSnapshot withFirmware(String firmware) {
        PostureSnapshot s = healthy();
        return new PostureSnapshot(s.os(), s.kernel(), firmware, s.agentVersion(), s.listeningPorts(),
                s.usbDevices(), s.firewall(), s.pendingSecurityUpdates(), s.antivirus(), s.secureBoot());
    }

    public static PostureSnapshot withUsb(UsbDevice... devices) {
        PostureSnapshot s = healthy();
        return new PostureSnapshot(s.os(), s.kernel(), s.firmwareVersion(), s.agentVersion(), s.listeningPorts(),
                List.of(devices), s.firewall(), s.pendingSecurityUpdates(), s.antivirus(),
                s.secureBoot());
    }

    public static PostureSnapshot withFirewall(Firewall firewall) {
        PostureSnapshot s = healthy();
        return new PostureSnapshot(s.os(), s.kernel(), s.firmwareVersion(), s.agentVersion(), s.listeningPorts(),
                s.usbDevices(), firewall, s.pendingSecurityUpdates(), s.antivirus(), s.secureBoot());
    }

    public static PostureSnapshot withPendingUpdates(Integer pending) {
        PostureSnapshot s = healthy();
        return new PostureSnapshot(s.os(), s.kernel(), s.firmwareVersion(), s.agentVersion(), s.listeningPorts(),
                s.usbDevices(), s.firewall(), pending, s.antivirus(), s.secureBoot());
    }

    public static PostureSnapshot withAntivirus(Antivirus antivirus) {
        PostureSnapshot s = healthy();
        return new PostureSnapshot(s.os(), s.kernel(), s.firmwareVersion(), s.agentVersion(), s.listeningPorts(),
                s.usbDevices(), s.firewall(), s.pendingSecurityUpdates(), antivirus, s.secureBoot());
    }
}
