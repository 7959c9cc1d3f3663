package io.bulwark.hub.registry;

import io.bulwark.hub.HubException;
import java.util.Base64;

/**
 * A primary and a secondary shared access key, each base64 text. Two keys let an owner roll one while devices keep
 * using the other. {@link #toString()} never shows them.
 */
public record SymmetricKeys(String primaryKey, String secondaryKey) {

    /** Azure accepts keys of 16 to 64 bytes; the hub generates 32. */
    public static final int MIN_KEY_BYTES = 16;
    public static final int MAX_KEY_BYTES = 64;

    public SymmetricKeys {
        requireKey(primaryKey, "primaryKey");
        requireKey(secondaryKey, "secondaryKey");
    }

    public byte[] primaryKeyBytes() {
        return Base64.getDecoder().decode(primaryKey);
    }

    public byte[] secondaryKeyBytes() {
        return Base64.getDecoder().decode(secondaryKey);
    }

    public SymmetricKeys withPrimary(String key) {
        return new SymmetricKeys(key, secondaryKey);
    }

    public SymmetricKeys withSecondary(String key) {
        return new SymmetricKeys(primaryKey, key);
    }

    private static void requireKey(String key, String field) {
        if (key == null || key.isBlank()) {
            throw new HubException.Invalid("invalid-key", field + " is missing");
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(key);
        } catch (IllegalArgumentException e) {
            throw new HubException.Invalid("invalid-key", field + " is not base64");
        }
        if (bytes.length < MIN_KEY_BYTES || bytes.length > MAX_KEY_BYTES) {
            throw new HubException.Invalid("invalid-key",
                    field + " must decode to " + MIN_KEY_BYTES + ".." + MAX_KEY_BYTES + " bytes");
        }
    }

    @Override
    public String toString() {
        return "SymmetricKeys[redacted]";
    }
}
