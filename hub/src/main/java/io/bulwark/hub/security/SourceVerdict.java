package io.bulwark.hub.security;

import java.time.Instant;

/**
 * What the blocklist says about a connect or request from one source address (S-AUTH-7).
 *
 * @param until when the slow-down or block ends; null when allowed
 */
public record SourceVerdict(Kind kind, Instant until) {

    public enum Kind {
        /** Authenticate as usual. */
        ALLOWED,
        /** Slowed down: one attempt per slow-down interval; this one came too soon and is refused unchecked. */
        THROTTLED,
        /** Blocked for a period: refused unchecked, even with good credentials. */
        BLOCKED
    }

    public static final SourceVerdict ALLOWED = new SourceVerdict(Kind.ALLOWED, null);

    public boolean allowed() {
        return kind == Kind.ALLOWED;
    }
}
