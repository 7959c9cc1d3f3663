package io.bulwark.protocol.sas;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** The SAS signature: base64(HMAC-SHA256(key, resource + "\n" + expiry)), and its constant-time comparison. */
public final class SasSignature {

    /** One MAC object per thread, keyed anew on every use (init resets it): no provider lookup per signature. */
    private static final ThreadLocal<Mac> MACS = ThreadLocal.withInitial(() -> {
        try {
            return Mac.getInstance("HmacSHA256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    });

    private SasSignature() {
    }

    public static String compute(String resource, long expiry, byte[] key) {
        try {
            Mac mac = MACS.get();
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] digest = mac.doFinal((resource + "\n" + expiry).getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    /**
     * Compares two base64 signatures in time independent of where they differ (MessageDigest.isEqual), so a forger
     * cannot learn a valid signature byte by byte from response times.
     */
    public static boolean matches(String expectedBase64, String presentedBase64) {
        byte[] expected = decode(expectedBase64);
        byte[] presented = decode(presentedBase64);
        return expected != null && presented != null && MessageDigest.isEqual(expected, presented);
    }

    private static byte[] decode(String base64) {
        if (base64 == null) {
            return null;
        }
        try {
            return Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
