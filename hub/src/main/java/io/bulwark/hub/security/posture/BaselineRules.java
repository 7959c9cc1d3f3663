package io.bulwark.hub.security.posture;

import io.bulwark.protocol.security.PostureSnapshot;
import io.bulwark.protocol.security.PostureSnapshot.ListeningPort;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Checks one posture snapshot against a baseline (S-MON-2), one method per rule, each giving at most one deviation
 * named by its check. A rule the baseline does not set is not checked. A field the agent could not read (null) is a
 * deviation of its own, lower than a bad value: the hub cannot tell "fine" from "hidden". (The socket and USB lists
 * are never null: the codec reads an absent list as empty.)
 */
public final class BaselineRules {

    public static final String OS_VERSION = "os-version";
    public static final String FIRMWARE_VERSION = "firmware-version";
    public static final String ANTIVIRUS = "antivirus";
    public static final String ANTIVIRUS_SIGNATURES = "antivirus-signatures";
    public static final String LISTENING_PORTS = "listening-ports";
    public static final String USB_DEVICES = "usb-devices";
    public static final String FIREWALL = "firewall";
    public static final String SECURITY_UPDATES = "security-updates";

    private static final int MAX_LISTED = 10;

    /** All deviations of the snapshot, in a fixed order of checks. */
    public List<Deviation> evaluate(PostureSnapshot snapshot, Baseline baseline) {
        List<Deviation> deviations = new ArrayList<>();
        osVersion(snapshot, baseline).ifPresent(deviations::add);
        firmwareVersion(snapshot, baseline).ifPresent(deviations::add);
        antivirus(snapshot, baseline).ifPresent(deviations::add);
        antivirusSignatures(snapshot, baseline).ifPresent(deviations::add);
        listeningPorts(snapshot, baseline).ifPresent(deviations::add);
        usbDevices(snapshot, baseline).ifPresent(deviations::add);
        firewall(snapshot, baseline).ifPresent(deviations::add);
        securityUpdates(snapshot, baseline).ifPresent(deviations::add);
        return deviations;
    }

    Optional<Deviation> osVersion(PostureSnapshot snapshot, Baseline baseline) {
        if (baseline.minimumOsVersions().isEmpty()) {
            return Optional.empty();
        }
        PostureSnapshot.OperatingSystem os = snapshot.os();
        if (os == null || os.id() == null) {
            return unreadable(OS_VERSION, "the operating system", "os-release");
        }
        String minimum = baseline.minimumOsVersions().get(os.id());
        if (minimum == null) {
            return Optional.empty();
        }
        if (os.version() == null) {
            return unreadable(OS_VERSION, "the " + os.id() + " version", "VERSION_ID in /etc/os-release");
        }
        if (VersionNumber.isBelow(os.version(), minimum)) {
            return Optional.of(new Deviation(OS_VERSION, Severity.HIGH, os.id() + " " + os.version()
                    + " is below the class minimum " + minimum,
                    "upgrade the operating system to " + os.id() + " " + minimum + " or later"));
        }
        return Optional.empty();
    }

    Optional<Deviation> firmwareVersion(PostureSnapshot snapshot, Baseline baseline) {
        String minimum = baseline.minimumFirmwareVersion();
        if (minimum == null) {
            return Optional.empty();
        }
        if (snapshot.firmwareVersion() == null) {
            return unreadable(FIRMWARE_VERSION, "the firmware version", "the firmware version");
        }
        if (VersionNumber.isBelow(snapshot.firmwareVersion(), minimum)) {
            return Optional.of(new Deviation(FIRMWARE_VERSION, Severity.HIGH, "firmware " + snapshot.firmwareVersion()
                    + " is below the class minimum " + minimum, "update the firmware to " + minimum + " or later"));
        }
        return Optional.empty();
    }

    Optional<Deviation> antivirus(PostureSnapshot snapshot, Baseline baseline) {
        if (!baseline.antivirusRequired() || snapshot.antivirus() != null) {
            return Optional.empty();
        }
        return Optional.of(new Deviation(ANTIVIRUS, Severity.HIGH, "no antivirus product reported",
                "install and enable the antivirus product of this device class"));
    }

    Optional<Deviation> antivirusSignatures(PostureSnapshot snapshot, Baseline baseline) {
        Long maxAge = baseline.maxSignatureAgeSeconds();
        PostureSnapshot.Antivirus antivirus = snapshot.antivirus();
        if (maxAge == null || antivirus == null) {
            return Optional.empty();
        }
        if (antivirus.signatureAgeSeconds() == null) {
            return unreadable(ANTIVIRUS_SIGNATURES, "the age of the " + antivirus.product() + " signatures",
                    "the signature date");
        }
        if (antivirus.signatureAgeSeconds() > maxAge) {
            return Optional.of(new Deviation(ANTIVIRUS_SIGNATURES, Severity.MEDIUM, antivirus.product()
                    + " signatures are " + antivirus.signatureAgeSeconds() + " s old, the class allows " + maxAge + " s",
                    "update the antivirus signatures and check that automatic updates run"));
        }
        return Optional.empty();
    }

    Optional<Deviation> listeningPorts(PostureSnapshot snapshot, Baseline baseline) {
        List<AllowedPort> allowed = baseline.allowedListeningPorts();
        if (allowed == null) {
            return Optional.empty();
        }
        Set<AllowedPort> permitted = new HashSet<>(allowed);
        List<String> forbidden = snapshot.listeningPorts().stream()
                .filter(port -> !permitted.contains(new AllowedPort(port.protocol(), port.port())))
                .map(BaselineRules::describe).distinct().sorted().toList();
        if (forbidden.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Deviation(LISTENING_PORTS, Severity.HIGH, "listening on ports the class does not allow: "
                + listed(forbidden), "stop or firewall the services behind these ports, or allow them in the class "
                + "baseline if they are meant to be there"));
    }

    Optional<Deviation> usbDevices(PostureSnapshot snapshot, Baseline baseline) {
        if (baseline.usbAllowed()) {
            return Optional.empty();
        }
        if (snapshot.usbDevices().isEmpty()) {
            return Optional.empty();
        }
        List<String> present = snapshot.usbDevices().stream()
                .map(usb -> usb.port() + " (" + usb.vendorId() + ":" + usb.productId() + ")").sorted().toList();
        return Optional.of(new Deviation(USB_DEVICES, Severity.HIGH, "USB devices present on a class that allows none: "
                + listed(present), "remove the USB devices and check the device for physical access"));
    }

    Optional<Deviation> firewall(PostureSnapshot snapshot, Baseline baseline) {
        if (!baseline.firewallRequired()) {
            return Optional.empty();
        }
        if (snapshot.firewall() == null) {
            return unreadable(FIREWALL, "the firewall state", "nft or iptables");
        }
        if (!snapshot.firewall().active()) {
            return Optional.of(new Deviation(FIREWALL, Severity.HIGH, "the firewall (" + snapshot.firewall().tool()
                    + ") has no rule that drops traffic", "load the class firewall rules and make them persistent"));
        }
        return Optional.empty();
    }

    Optional<Deviation> securityUpdates(PostureSnapshot snapshot, Baseline baseline) {
        Integer max = baseline.maxPendingSecurityUpdates();
        if (max == null) {
            return Optional.empty();
        }
        if (snapshot.pendingSecurityUpdates() == null) {
            return Optional.of(new Deviation(SECURITY_UPDATES, Severity.LOW,
                    "the pending security updates could not be read",
                    "check that the agent can query the package manager"));
        }
        if (snapshot.pendingSecurityUpdates() > max) {
            return Optional.of(new Deviation(SECURITY_UPDATES, Severity.MEDIUM, snapshot.pendingSecurityUpdates()
                    + " security updates are pending, the class allows " + max,
                    "install the pending security updates"));
        }
        return Optional.empty();
    }

    private static Optional<Deviation> unreadable(String check, String what, String source) {
        return Optional.of(new Deviation(check, Severity.MEDIUM, what + " could not be read",
                "check that the agent can read " + source + " on this device"));
    }

    private static String describe(ListeningPort port) {
        return port.protocol() + "/" + port.port();
    }

    private static String listed(List<String> items) {
        if (items.size() <= MAX_LISTED) {
            return String.join(", ", items);
        }
        return items.stream().limit(MAX_LISTED).collect(Collectors.joining(", ")) + " and "
                + (items.size() - MAX_LISTED) + " more";
    }
}
