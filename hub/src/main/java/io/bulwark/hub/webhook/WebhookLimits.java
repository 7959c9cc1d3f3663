package io.bulwark.hub.webhook;

import java.time.Duration;

/**
 * Bounds and timings of webhook delivery (part of {@code HubLimits}, listed in the README's limits table).
 *
 * @param maxRoutes        routes the hub keeps; each enabled one has a delivery thread of its own
 * @param connectTimeout   TCP and TLS connect to a receiver
 * @param responseTimeout  from sending a request to the receiver's status line
 * @param maxBodyBytes     largest request body; a larger message is dead-lettered at once
 * @param maxDeadLetters   dead letters one route may hold; when full the route is disabled instead of dropping any
 * @param backoff          wait between attempts of one message
 * @param pollInterval     how often an idle route looks for new messages in its stream
 * @param privateTargets   non-public address ranges receivers may be in anyway; none by default (SSRF guard)
 */
public record WebhookLimits(int maxRoutes, Duration connectTimeout, Duration responseTimeout, int maxBodyBytes,
                            int maxDeadLetters, RetryBackoff backoff, Duration pollInterval,
                            PrivateTargetAllowance privateTargets) {

    public static final WebhookLimits DEFAULTS = new WebhookLimits(64, Duration.ofSeconds(5), Duration.ofSeconds(10),
            1024 * 1024, 1000, new RetryBackoff(Duration.ofSeconds(1), Duration.ofMinutes(5)),
            Duration.ofMillis(500), PrivateTargetAllowance.NONE);

    public WebhookLimits {
        if (maxRoutes < 1 || maxBodyBytes < 1024 || maxDeadLetters < 1) {
            throw new IllegalArgumentException("webhook limits must be positive (body at least 1 KiB)");
        }
        for (Duration duration : new Duration[] {connectTimeout, responseTimeout, pollInterval}) {
            if (duration.isNegative() || duration.isZero()) {
                throw new IllegalArgumentException("webhook timeouts and intervals must be positive");
            }
        }
        java.util.Objects.requireNonNull(backoff, "backoff");
        java.util.Objects.requireNonNull(privateTargets, "privateTargets");
    }

    /** Fast retries and polling, for tests that watch several attempts happen. */
    public WebhookLimits withTimings(RetryBackoff retries, Duration poll) {
        return new WebhookLimits(maxRoutes, connectTimeout, responseTimeout, maxBodyBytes, maxDeadLetters, retries,
                poll, privateTargets);
    }

    public WebhookLimits withMaxDeadLetters(int max) {
        return new WebhookLimits(maxRoutes, connectTimeout, responseTimeout, maxBodyBytes, max, backoff,
                pollInterval, privateTargets);
    }

    /** Receivers in these non-public ranges are reached anyway (a LAN receiver, a test's 127.0.0.1). */
    public WebhookLimits withPrivateTargets(PrivateTargetAllowance value) {
        return new WebhookLimits(maxRoutes, connectTimeout, responseTimeout, maxBodyBytes, maxDeadLetters, backoff,
                pollInterval, value);
    }
}
