package io.bulwark.device.client;

import java.time.Duration;
import java.util.Objects;
import java.util.Random;

/**
 * Exponential backoff with full jitter (S-DOS-5): the n-th retry waits a uniformly random time between zero and
 * {@code min(cap, base * 2^n)}. Full jitter, not "exponential plus a little noise", is what spreads a thousand devices
 * that lost the same hub at the same instant over the whole window instead of sending them back in waves.
 * Not thread-safe; each client owns one.
 */
public final class Backoff {

    private final Duration base;
    private final Duration cap;
    private final Random random;

    /**
     * @param base   the window of the first retry; also how widely a fleet spreads its first reconnects
     * @param cap    the longest any retry waits
     * @param random the source of jitter; tests pass a seeded one
     */
    public Backoff(Duration base, Duration cap, Random random) {
        Objects.requireNonNull(base, "base");
        Objects.requireNonNull(cap, "cap");
        if (base.isNegative() || base.isZero() || cap.compareTo(base) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < base <= cap");
        }
        this.base = base;
        this.cap = cap;
        this.random = Objects.requireNonNull(random, "random");
    }

    /** The upper bound of the wait before retry number {@code attempt} (0 for the first). */
    public Duration window(int attempt) {
        if (attempt < 0) {
            throw new IllegalArgumentException("attempt must not be negative");
        }
        long baseMillis = base.toMillis();
        long capMillis = cap.toMillis();
        // Shifting past 62 bits overflows; the cap is reached long before that anyway.
        if (attempt >= 62 || baseMillis > (capMillis >> Math.min(attempt, 62))) {
            return cap;
        }
        return Duration.ofMillis(Math.min(capMillis, baseMillis << attempt));
    }

    /** A random wait in {@code [0, window(attempt)]}. */
    public Duration delay(int attempt) {
        long bound = window(attempt).toMillis();
        return Duration.ofMillis(bound == 0 ? 0 : (long) (random.nextDouble() * (bound + 1)));
    }

    public Duration base() {
        return base;
    }

    public Duration cap() {
        return cap;
    }
}
