package io.bulwark.hub;

/**
 * The few ways a request to the hub core can fail. Adapters map each kind once: to an HTTP problem document
 * (status + {@link #type()}) or to an MQTT return code. Messages are safe to show to the caller: they never carry
 * a key, a token or a password.
 */
public abstract sealed class HubException extends RuntimeException {

    private final String type;

    private HubException(String type, String message) {
        super(message, null, false, false);
        this.type = type;
    }

    /** A short, stable slug naming the problem, e.g. {@code device-not-found}; the problem document's type. */
    public String type() {
        return type;
    }

    /** The thing asked for does not exist. */
    public static final class NotFound extends HubException {
        public NotFound(String type, String message) {
            super(type, message);
        }
    }

    /** The thing to create exists already, or the change conflicts with the current state. */
    public static final class Conflict extends HubException {
        public Conflict(String type, String message) {
            super(type, message);
        }
    }

    /** An {@code If-Match} precondition did not hold: someone else changed the resource first. */
    public static final class PreconditionFailed extends HubException {
        public PreconditionFailed(String type, String message) {
            super(type, message);
        }
    }

    /** The request is malformed or breaks a rule of the data (bad id, bad key, unknown status...). */
    public static final class Invalid extends HubException {
        public Invalid(String type, String message) {
            super(type, message);
        }
    }

    /** No credentials, or credentials that prove nothing (forged, expired, unknown policy). */
    public static final class Unauthenticated extends HubException {
        public Unauthenticated(String type, String message) {
            super(type, message);
        }
    }

    /** Valid credentials that lack the permission the operation needs. */
    public static final class Forbidden extends HubException {
        public Forbidden(String type, String message) {
            super(type, message);
        }
    }

    /** A configured bound was reached (body size, page size, queue depth, rate). */
    public static final class LimitExceeded extends HubException {
        public LimitExceeded(String type, String message) {
            super(type, message);
        }
    }
}
