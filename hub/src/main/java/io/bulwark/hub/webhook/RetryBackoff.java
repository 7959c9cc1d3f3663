package io.bulwark.hub.webhook;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * How long to wait before the next attempt of a failed delivery: exponential (first, twice that, four times...) up to
 * a ceiling, with "equal jitter": half the step is fixed, the other half random, so retries of many routes after one
 * outage spread out instead of arriving together, yet never come sooner than half the step. A receiver's
 * {@code Retry-After} is honoured up to the ceiling.
 */
public record RetryBackoff(Duration first, Duration ceiling) {

    public RetryBackoff {
        if (first.isNegative() || first.isZero() || ceiling.compareTo(first) < 0) {
            throw new IllegalArgumentException("backoff must be positive and its ceiling at least the first step");
        }
    }

    /**
     * @param failedAttempts how many attempts failed so far (1 after the first failure)
     * @param retryAfter     what the receiver asked for, or null
     */
    public Duration delayAfter(int failedAttempts, Duration retryAfter, RandomGenerator random) {
        long step = first.toMillis();
        for (int i = 1; i < failedAttempts && step < ceiling.toMillis(); i++) {
            step *= 2;
        }
        step = Math.min(step, ceiling.toMillis());
        long half = step / 2;
        long delay = half + (step - half == 0 ? 0 : random.nextLong(step - half + 1));
        if (retryAfter != null && retryAfter.toMillis() > delay) {
            delay = Math.min(retryAfter.toMillis(), ceiling.toMillis());
        }
        return Duration.ofMillis(delay);
    }
}
