package io.bulwark.hub.webhook;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * A route's signing secret: {@code bwhsec_} and 256 random bits in base64url, made by the hub (S-AUTH-1 applies to
 * it as to keys). The HMAC key is the whole text as UTF-8, prefix included, so a receiver uses it exactly as shown.
 * The prefix lets secret scanners recognise a leaked one. {@link #toString()} never shows it.
 */
public record WebhookSecret(String value) {

    public static final String PREFIX = "bwhsec_";
    private static final int RANDOM_BYTES = 32;
    private static final Pattern FORMAT = Pattern.compile(Pattern.quote(PREFIX) + "[A-Za-z0-9_-]{43}");

    public WebhookSecret {
        if (value == null || !FORMAT.matcher(value).matches()) {
            throw new IllegalArgumentException("not a webhook secret");
        }
    }

    public static WebhookSecret generate(SecureRandom random) {
        byte[] bytes = new byte[RANDOM_BYTES];
        random.nextBytes(bytes);
        return new WebhookSecret(PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
    }

    public byte[] keyBytes() {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "WebhookSecret[redacted]";
    }
}
