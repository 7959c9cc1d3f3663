package io.bulwark.hub.security.alert;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What a detector reports: "this rule fired, for this cause". Signals with the same {@code dedupKey} while an alert
 * for that key is active count into it instead of opening another.
 *
 * @param rule          the detector's name, e.g. {@code tamper}
 * @param dedupKey      the cause, e.g. {@code tamper:device:d1}; at most 256 characters
 * @param deviceId      the device concerned, or null (a source address brute-forcing several identities)
 * @param sourceAddress the network source concerned, or null
 * @param evidence      the stream messages that made the rule fire (the newest few are kept)
 * @param time          when it happened (the time of the newest evidence)
 */
public record AlertSignal(String rule, AlertSeverity severity, String dedupKey, String deviceId,
                          String sourceAddress, String summary, List<AlertEvidence> evidence, Instant time) {

    public static final int MAX_SUMMARY = 512;
    public static final int MAX_KEY = 256;

    public AlertSignal {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(dedupKey, "dedupKey");
        Objects.requireNonNull(summary, "summary");
        Objects.requireNonNull(time, "time");
        if (rule.isEmpty() || dedupKey.isEmpty() || dedupKey.length() > MAX_KEY) {
            throw new IllegalArgumentException("rule and dedup key must be 1.." + MAX_KEY + " characters");
        }
        summary = summary.length() > MAX_SUMMARY ? summary.substring(0, MAX_SUMMARY - 3) + "..." : summary;
        evidence = List.copyOf(evidence);
    }
}
