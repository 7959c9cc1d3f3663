package io.bulwark.hub.webhook;

import java.time.Duration;

/**
 * How one POST to a receiver ended.
 *
 * @param status     the receiver's HTTP status, 0 when none came (connect, TLS or timeout failure)
 * @param error      the hub's own short words for a failure, empty on success
 * @param retryAfter the receiver's {@code Retry-After}, or null
 * @param targetRefused true when the hub did not connect because the receiver's address is not allowed (SSRF guard)
 */
public record DeliveryResult(Kind kind, int status, String error, Duration retryAfter, boolean targetRefused) {

    public enum Kind {
        /** A 2xx: the receiver has the message. */
        DELIVERED,
        /** Worth trying again: network and TLS failures, timeouts, 5xx, 408 and 429. */
        RETRY,
        /** Trying again would get the same answer: other 4xx (and 3xx, since redirects are not followed). */
        PERMANENT
    }

    public static DeliveryResult ofStatus(int status, Duration retryAfter) {
        if (status >= 200 && status < 300) {
            return new DeliveryResult(Kind.DELIVERED, status, "", null, false);
        }
        boolean retry = status >= 500 || status == 429 || status == 408;
        String error = status >= 300 && status < 400 ? "the receiver answered " + status
                + " (redirects are not followed)" : "the receiver answered " + status;
        return new DeliveryResult(retry ? Kind.RETRY : Kind.PERMANENT, status, error, retry ? retryAfter : null,
                false);
    }

    public static DeliveryResult failed(String error) {
        return new DeliveryResult(Kind.RETRY, 0, error, null, false);
    }

    public static DeliveryResult refused(String error) {
        return new DeliveryResult(Kind.PERMANENT, 0, error, null, false);
    }

    /**
     * The receiver's host resolved to an address the hub must not reach. Permanent: the message goes to the dead
     * letters at once, where it can be replayed once the receiver is reachable at a public (or allowed) address.
     */
    public static DeliveryResult targetRefused(String error) {
        return new DeliveryResult(Kind.PERMANENT, 0, error, null, true);
    }

    public boolean delivered() {
        return kind == Kind.DELIVERED;
    }
}
