package io.bulwark.protocol.sas;

import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A shared access signature token:
 * {@code SharedAccessSignature sr={resource}&sig={signature}&se={expiry}[&skn={policy}]}.
 *
 * @param resource  {@code sr} exactly as it appeared in the token: signatures are verified over the raw text, because
 *                  the Java device SDK signs an unencoded {@code sr} and other SDKs an encoded one
 * @param signature {@code sig}, percent-decoded: base64 of the HMAC
 * @param expiry    {@code se}, seconds since the epoch
 * @param keyName   {@code skn}, the shared access policy that signed it, or null for a device's own key
 */
public record SasToken(String resource, String signature, long expiry, String keyName) {

    public static final String PREFIX = "SharedAccessSignature ";
    /** Far longer than any real token; bounds the work done on hostile input. */
    public static final int MAX_LENGTH = 4096;

    public SasToken {
        Objects.requireNonNull(resource, "resource");
        Objects.requireNonNull(signature, "signature");
        if (resource.isEmpty() || signature.isEmpty()) {
            throw new SasTokenFormatException("sr and sig must not be empty");
        }
        if (expiry < 0) {
            throw new SasTokenFormatException("se must not be negative");
        }
    }

    public static SasToken parse(String text) {
        if (text == null) {
            throw new SasTokenFormatException("no token");
        }
        if (text.length() > MAX_LENGTH) {
            throw new SasTokenFormatException("token longer than " + MAX_LENGTH + " characters");
        }
        if (!text.startsWith(PREFIX)) {
            throw new SasTokenFormatException("token must start with '" + PREFIX.trim() + " '");
        }
        Map<String, String> fields = new HashMap<>();
        for (String part : text.substring(PREFIX.length()).split("&", -1)) {
            int eq = part.indexOf('=');
            if (eq <= 0) {
                throw new SasTokenFormatException("token fields must be name=value");
            }
            String name = part.substring(0, eq);
            if (!name.equals("sr") && !name.equals("sig") && !name.equals("se") && !name.equals("skn")) {
                throw new SasTokenFormatException("unknown token field '" + printable(name) + "'");
            }
            if (fields.put(name, part.substring(eq + 1)) != null) {
                throw new SasTokenFormatException("token field '" + name + "' appears twice");
            }
        }
        String sr = required(fields, "sr");
        String sig = PercentEncoding.decode(required(fields, "sig"));
        if (!isBase64(sig)) {
            throw new SasTokenFormatException("sig is not base64");
        }
        String skn = fields.containsKey("skn") ? PercentEncoding.decode(fields.get("skn")) : null;
        if (skn != null && skn.isEmpty()) {
            skn = null;
        }
        return new SasToken(sr, sig, parseExpiry(required(fields, "se")), skn);
    }

    public static SasToken create(String resource, byte[] key, Instant expiry, String keyNameOrNull) {
        long se = expiry.getEpochSecond();
        return new SasToken(resource, SasSignature.compute(resource, se, key), se, keyNameOrNull);
    }

    public Instant expiresAt() {
        return Instant.ofEpochSecond(expiry);
    }

    /** The token text, as sent in a password or an {@code Authorization} header. */
    public String format() {
        StringBuilder out = new StringBuilder(PREFIX)
                .append("sr=").append(resource)
                .append("&sig=").append(PercentEncoding.encode(signature))
                .append("&se=").append(expiry);
        if (keyName != null) {
            out.append("&skn=").append(PercentEncoding.encode(keyName));
        }
        return out.toString();
    }

    /** Never shows the signature: tokens end up in logs through toString more often than anyone intends. */
    @Override
    public String toString() {
        return "SasToken[sr=" + resource + ", se=" + expiry + ", skn=" + keyName + ", sig=redacted]";
    }

    private static String required(Map<String, String> fields, String name) {
        String value = fields.get(name);
        if (value == null || value.isEmpty()) {
            throw new SasTokenFormatException("token lacks '" + name + "'");
        }
        return value;
    }

    private static long parseExpiry(String se) {
        if (se.length() > 19 || !se.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new SasTokenFormatException("se must be seconds since the epoch");
        }
        try {
            return Long.parseLong(se);
        } catch (NumberFormatException e) {
            throw new SasTokenFormatException("se must be seconds since the epoch");
        }
    }

    private static boolean isBase64(String value) {
        try {
            return Base64.getDecoder().decode(value).length > 0;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String printable(String value) {
        String shortened = value.length() > 32 ? value.substring(0, 32) + "..." : value;
        return shortened.replaceAll("[^\\x20-\\x7e]", "?");
    }
}
