package io.bulwark.hub.security.fleetaudit;

import io.bulwark.hub.security.posture.Severity;
import java.util.Objects;

/**
 * One thing a fleet audit check found. Never carries a key or a token: a shared key is named by the devices that share
 * it, nothing else.
 *
 * @param target what the finding is about, as audit targets name things: {@code device:d1}, {@code policy:p},
 *               {@code ca:name}, {@code hub-ca}, {@code audit-log}
 */
public record AuditFinding(String check, Severity severity, String target, String message) {
    public AuditFinding {
        Objects.requireNonNull(check, "check");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(message, "message");
    }
}
