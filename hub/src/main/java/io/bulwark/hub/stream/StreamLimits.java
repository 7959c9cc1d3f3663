package io.bulwark.hub.stream;

import java.time.Duration;
import java.util.Objects;

/**
 * The bounds on the streams and on their readers (part of {@code HubLimits}, documented in the README).
 *
 * @param telemetry           retention of the telemetry stream
 * @param security            retention of the security stream
 * @param audit               retention of the audit stream (the hash-chained audit table itself is never trimmed)
 * @param alerts              retention of the alerts stream (the alerts table itself is never trimmed)
 * @param retentionSweep      how often the retention sweep runs
 * @param maxLongPollWait     the longest {@code wait} a long-poll read may ask for
 * @param maxLongPolls        long-poll reads waiting at once, hub-wide; more are answered 429
 * @param maxEventStreams     Server-Sent-Events readers connected at once, hub-wide; more are answered 429
 * @param eventStreamKeepAlive how often an idle Server-Sent-Events stream gets a comment line, so proxies and the
 *                            hub's own idle timeout keep it open and a vanished reader is noticed
 * @param maxConsumerGroups   consumer groups per stream
 */
public record StreamLimits(StreamRetention telemetry, StreamRetention security, StreamRetention audit,
                           StreamRetention alerts, Duration retentionSweep, Duration maxLongPollWait,
                           int maxLongPolls, int maxEventStreams, Duration eventStreamKeepAlive,
                           int maxConsumerGroups) {

    private static final long GIB = 1024L * 1024 * 1024;

    public static final StreamLimits DEFAULTS = new StreamLimits(
            new StreamRetention(Duration.ofDays(7), 10 * GIB),
            new StreamRetention(Duration.ofDays(7), GIB),
            new StreamRetention(Duration.ofDays(7), GIB),
            new StreamRetention(Duration.ofDays(30), GIB),
            Duration.ofMinutes(1), Duration.ofSeconds(60), 1000, 100, Duration.ofSeconds(15), 100);

    public StreamLimits {
        Objects.requireNonNull(telemetry, "telemetry");
        Objects.requireNonNull(security, "security");
        Objects.requireNonNull(audit, "audit");
        Objects.requireNonNull(alerts, "alerts");
        requirePositive(retentionSweep, "retention sweep interval");
        requirePositive(maxLongPollWait, "long-poll wait");
        requirePositive(eventStreamKeepAlive, "event stream keep-alive");
        if (maxLongPollWait.compareTo(Duration.ofMinutes(5)) > 0) {
            throw new IllegalArgumentException("long-poll wait must be at most 5 minutes");
        }
        if (maxLongPolls < 1 || maxEventStreams < 1 || maxConsumerGroups < 1) {
            throw new IllegalArgumentException("reader limits must be positive");
        }
    }

    public StreamRetention retention(StreamName stream) {
        return switch (stream) {
            case TELEMETRY -> telemetry;
            case SECURITY -> security;
            case AUDIT -> audit;
            case ALERTS -> alerts;
        };
    }

    public StreamLimits withRetention(StreamName stream, StreamRetention retention) {
        return new StreamLimits(stream == StreamName.TELEMETRY ? retention : telemetry,
                stream == StreamName.SECURITY ? retention : security, stream == StreamName.AUDIT ? retention : audit,
                stream == StreamName.ALERTS ? retention : alerts, retentionSweep, maxLongPollWait, maxLongPolls,
                maxEventStreams, eventStreamKeepAlive, maxConsumerGroups);
    }

    public StreamLimits withRetentionSweep(Duration interval) {
        return new StreamLimits(telemetry, security, audit, alerts, interval, maxLongPollWait, maxLongPolls,
                maxEventStreams, eventStreamKeepAlive, maxConsumerGroups);
    }

    public StreamLimits withReaders(int longPolls, int eventStreams, Duration keepAlive) {
        return new StreamLimits(telemetry, security, audit, alerts, retentionSweep, maxLongPollWait, longPolls,
                eventStreams, keepAlive, maxConsumerGroups);
    }

    public StreamLimits withMaxConsumerGroups(int groups) {
        return new StreamLimits(telemetry, security, audit, alerts, retentionSweep, maxLongPollWait, maxLongPolls,
                maxEventStreams, eventStreamKeepAlive, groups);
    }

    private static void requirePositive(Duration duration, String what) {
        Objects.requireNonNull(duration, what);
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(what + " must be positive");
        }
    }
}
