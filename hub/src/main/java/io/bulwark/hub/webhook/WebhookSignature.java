package io.bulwark.hub.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signature a receiver checks (docs/webhooks.md): {@code Bulwark-Signature: v1=<hex>} where hex is
 * HMAC-SHA256(key = the secret as UTF-8, message = {@code <Bulwark-Timestamp>} + "." + raw body bytes). Signing the
 * timestamp with the body (as Stripe does, unlike GitHub's body-only signature) lets a receiver refuse an old request
 * replayed by someone who recorded it.
 */
public final class WebhookSignature {

    public static final String VERSION = "v1";

    private WebhookSignature() {
    }

    /** The header value for this timestamp (Unix seconds) and body. */
    public static String header(WebhookSecret secret, long timestamp, byte[] body) {
        return VERSION + "=" + HexFormat.of().formatHex(hmac(secret.keyBytes(), timestamp, body));
    }

    /**
     * What a receiver does: true when one of the header's {@code v1=} entries (space or comma separated) is the
     * signature of this timestamp and body. Compared in constant time.
     */
    public static boolean verify(byte[] key, String header, long timestamp, byte[] body) {
        if (header == null) {
            return false;
        }
        byte[] expected = HexFormat.of().formatHex(hmac(key, timestamp, body)).getBytes(StandardCharsets.US_ASCII);
        boolean matched = false;
        for (String entry : header.split("[ ,]+")) {
            if (entry.startsWith(VERSION + "=")) {
                byte[] given = entry.substring(VERSION.length() + 1).getBytes(StandardCharsets.US_ASCII);
                matched |= MessageDigest.isEqual(expected, given);
            }
        }
        return matched;
    }

    static byte[] hmac(byte[] key, long timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update((timestamp + ".").getBytes(StandardCharsets.US_ASCII));
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
