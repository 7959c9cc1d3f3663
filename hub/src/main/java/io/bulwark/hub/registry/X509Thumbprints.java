package io.bulwark.hub.registry;

import io.bulwark.hub.HubException;
import java.util.Locale;
import java.util.regex.Pattern;

/** SHA-256 thumbprints of a self-signed device certificate (primary and optional secondary), lower-case hex. */
public record X509Thumbprints(String primaryThumbprint, String secondaryThumbprint) {

    // SHA-1 thumbprints (40 hex) are refused on purpose: S-AUTH-8 accepts SHA-256 only.
    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

    public X509Thumbprints {
        primaryThumbprint = normalise(primaryThumbprint, "primaryThumbprint", true);
        secondaryThumbprint = normalise(secondaryThumbprint, "secondaryThumbprint", false);
    }

    private static String normalise(String value, String field, boolean required) {
        if (value == null || value.isBlank()) {
            if (required) {
                throw new HubException.Invalid("invalid-thumbprint", field + " is required for selfSigned");
            }
            return null;
        }
        String hex = value.replace(":", "").toLowerCase(Locale.ROOT);
        if (!SHA256_HEX.matcher(hex).matches()) {
            throw new HubException.Invalid("invalid-thumbprint", field + " must be a SHA-256 thumbprint (64 hex digits)");
        }
        return hex;
    }
}
