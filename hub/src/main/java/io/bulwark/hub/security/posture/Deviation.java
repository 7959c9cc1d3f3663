package io.bulwark.hub.security.posture;

import java.util.Objects;

/**
 * One way a posture snapshot breaks its baseline, before it is stored as a finding.
 *
 * @param check       a stable name, e.g. {@code listening-ports}; one open finding per device and check
 * @param remediation what an operator does about it
 */
public record Deviation(String check, Severity severity, String message, String remediation) {
    public Deviation {
        Objects.requireNonNull(check, "check");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(remediation, "remediation");
    }
}
