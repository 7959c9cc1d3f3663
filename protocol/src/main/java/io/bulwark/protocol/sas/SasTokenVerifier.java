package io.bulwark.protocol.sas;

import java.time.Clock;
import java.time.Duration;

/**
 * Checks a token's signature against the keys it may be signed with and its expiry against the clock, allowing a
 * small skew for clock drift between device and hub.
 */
public final class SasTokenVerifier {

    private final Clock clock;
    private final Duration allowedSkew;

    public SasTokenVerifier(Clock clock, Duration allowedSkew) {
        if (allowedSkew.isNegative()) {
            throw new IllegalArgumentException("skew must not be negative");
        }
        this.clock = clock;
        this.allowedSkew = allowedSkew;
    }

    /**
     * The signature is checked first and against every candidate key with no early exit: someone without a key learns
     * nothing, not even whether the expiry they chose would have been accepted, and timing does not tell which key
     * matched.
     */
    public SasVerdict verify(SasToken token, byte[]... candidateKeys) {
        boolean signed = false;
        for (byte[] key : candidateKeys) {
            if (key == null || key.length == 0) {
                continue;
            }
            String expected = SasSignature.compute(token.resource(), token.expiry(), key);
            signed |= SasSignature.matches(expected, token.signature());
        }
        if (!signed) {
            return SasVerdict.BAD_SIGNATURE;
        }
        long latestAccepted = token.expiry() + allowedSkew.toSeconds();
        return clock.instant().getEpochSecond() <= latestAccepted ? SasVerdict.VALID : SasVerdict.EXPIRED;
    }
}
