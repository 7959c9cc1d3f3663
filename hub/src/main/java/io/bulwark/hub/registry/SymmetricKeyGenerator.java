package io.bulwark.hub.registry;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * Makes the hub's keys: 256 random bits each, never derived from an id, serial or counter (S-AUTH-1).
 * Also makes the non-secret random tokens of the registry (generation ids, etags).
 */
public final class SymmetricKeyGenerator {

    public static final int KEY_BYTES = 32;

    private final SecureRandom random;

    public SymmetricKeyGenerator(SecureRandom random) {
        this.random = random;
    }

    public String newKey() {
        byte[] key = new byte[KEY_BYTES];
        random.nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    public SymmetricKeys newKeyPair() {
        return new SymmetricKeys(newKey(), newKey());
    }

    /** Azure's generation ids are 18 decimal digits; digits only keeps gateway scopes unambiguous. */
    public String newGenerationId() {
        StringBuilder digits = new StringBuilder(18);
        digits.append(1 + random.nextInt(9));
        while (digits.length() < 18) {
            digits.append(random.nextInt(10));
        }
        return digits.toString();
    }

    public String newEtag() {
        byte[] bytes = new byte[9];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
