package io.bulwark.hub.security.detect;

import io.bulwark.hub.security.alert.AlertEvidence;
import java.time.Instant;
import java.util.Objects;

/** One record of the audit stream, as the detectors read it. */
public record AuditEntry(Instant time, String actor, String action, String target, String outcome, String source,
                         String detail, AlertEvidence evidence) {

    public AuditEntry {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(evidence, "evidence");
        target = target == null ? "" : target;
        outcome = outcome == null ? "" : outcome;
        detail = detail == null ? "" : detail;
    }

    /** The device an actor or target such as {@code device:d1} or {@code device:d1/m1} names, or null. */
    static String deviceIn(String name) {
        if (name == null || !name.startsWith("device:") || name.length() == "device:".length()) {
            return null;
        }
        String id = name.substring("device:".length());
        int slash = id.indexOf('/');
        return slash < 0 ? id : id.substring(0, slash);
    }
}
