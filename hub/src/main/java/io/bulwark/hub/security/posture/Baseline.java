package io.bulwark.hub.security.posture;

import io.bulwark.hub.HubException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a device of one class must look like (S-MON-2). A null or empty rule is not checked.
 *
 * @param minimumOsVersions       per OS id of {@code /etc/os-release} (e.g. {@code debian}), the lowest VERSION_ID
 *                                allowed; an OS id not listed is not checked
 * @param minimumFirmwareVersion  the lowest firmware version allowed, compared as {@link VersionNumber}
 * @param antivirusRequired       an antivirus product must be reported
 * @param maxSignatureAgeSeconds  the oldest antivirus signatures allowed
 * @param allowedListeningPorts   the only sockets that may listen; null allows any, an empty list allows none
 * @param usbAllowed              false: any USB device present is a finding
 * @param firewallRequired        an active firewall must be reported
 * @param maxPendingSecurityUpdates the most pending security updates allowed
 */
public record Baseline(Map<String, String> minimumOsVersions, String minimumFirmwareVersion, boolean antivirusRequired,
                       Long maxSignatureAgeSeconds, List<AllowedPort> allowedListeningPorts, boolean usbAllowed,
                       boolean firewallRequired, Integer maxPendingSecurityUpdates) {

    public static final int MAX_ENTRIES = 256;
    public static final int MAX_VERSION_LENGTH = 64;

    public Baseline {
        minimumOsVersions = minimumOsVersions == null ? Map.of()
                : java.util.Collections.unmodifiableMap(new TreeMap<>(minimumOsVersions));
        if (minimumOsVersions.size() > MAX_ENTRIES) {
            throw invalid("at most " + MAX_ENTRIES + " minimum OS versions");
        }
        minimumOsVersions.forEach((os, version) -> {
            requireVersion("an OS id", os);
            requireVersion("a minimum OS version", version);
        });
        if (minimumFirmwareVersion != null) {
            requireVersion("minimumFirmwareVersion", minimumFirmwareVersion);
        }
        if (maxSignatureAgeSeconds != null && maxSignatureAgeSeconds < 0) {
            throw invalid("maxSignatureAgeSeconds must not be negative");
        }
        if (allowedListeningPorts != null) {
            if (allowedListeningPorts.size() > MAX_ENTRIES) {
                throw invalid("at most " + MAX_ENTRIES + " allowed listening ports");
            }
            allowedListeningPorts = List.copyOf(allowedListeningPorts);
        }
        if (maxPendingSecurityUpdates != null && maxPendingSecurityUpdates < 0) {
            throw invalid("maxPendingSecurityUpdates must not be negative");
        }
    }

    /** A baseline that checks nothing and allows USB: the starting point of a class. */
    public static Baseline permissive() {
        return new Baseline(Map.of(), null, false, null, null, true, false, null);
    }

    private static void requireVersion(String what, String value) {
        if (value == null || value.isBlank() || value.length() > MAX_VERSION_LENGTH) {
            throw invalid(what + " is 1.." + MAX_VERSION_LENGTH + " characters");
        }
    }

    private static HubException.Invalid invalid(String message) {
        return new HubException.Invalid("invalid-baseline", message);
    }
}
