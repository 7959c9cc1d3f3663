package io.bulwark.hub.mqtt;

/**
 * A token bucket: {@code ratePerSecond} tokens flow in, up to {@code capacity}. Not thread-safe: each bucket belongs
 * to one connection's event loop (or is guarded by its owner).
 */
final class TokenBucket {

    private final double ratePerNano;
    private final double capacity;
    private double tokens;
    private long lastRefill;

    TokenBucket(double ratePerSecond, double capacity, long nowNanos) {
        this.ratePerNano = ratePerSecond / 1_000_000_000d;
        this.capacity = capacity;
        this.tokens = capacity;
        this.lastRefill = nowNanos;
    }

    /**
     * Takes {@code amount} tokens, going into debt if needed; returns how many nanoseconds the caller should wait
     * before the next take (0 when it had enough).
     */
    long take(double amount, long nowNanos) {
        refill(nowNanos);
        tokens -= amount;
        return tokens >= 0 ? 0 : (long) Math.ceil(-tokens / ratePerNano);
    }

    /** Takes one token if there is one. */
    boolean tryTake(long nowNanos) {
        refill(nowNanos);
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }

    private void refill(long nowNanos) {
        tokens = Math.min(capacity, tokens + (nowNanos - lastRefill) * ratePerNano);
        lastRefill = nowNanos;
    }
}
