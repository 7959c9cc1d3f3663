package io.bulwark.hub.secrets;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals secrets for storage with AES-256-GCM under a key derived from the master key (S-DATA-2). The context (for
 * example {@code device-key:d1:primary}) is authenticated data: a ciphertext copied to another row does not open.
 */
public final class SecretSealer {

    private static final String VERSION = "v1.";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKeySpec key;
    private final SecureRandom random = new SecureRandom();
    /**
     * One cipher object per thread, initialised anew (fresh nonce) for every use: the provider lookup of
     * {@code Cipher.getInstance} was a visible part of each connect's device lookup, which opens two keys.
     */
    private static final ThreadLocal<Cipher> CIPHERS = ThreadLocal.withInitial(() -> {
        try {
            return Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable", e);
        }
    });

    public SecretSealer(MasterKey masterKey) {
        this.key = new SecretKeySpec(masterKey.derive("secret-sealing"), "AES");
    }

    public String seal(String plaintext, String context) {
        return VERSION + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(sealBytes(plaintext.getBytes(StandardCharsets.UTF_8), context));
    }

    public String open(String sealed, String context) {
        if (sealed == null || !sealed.startsWith(VERSION)) {
            throw new SealedSecretException("sealed secret has an unknown format");
        }
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(sealed.substring(VERSION.length()));
        } catch (IllegalArgumentException e) {
            throw new SealedSecretException("sealed secret is not valid base64url");
        }
        return new String(openBytes(bytes, context), StandardCharsets.UTF_8);
    }

    public byte[] sealBytes(byte[] plaintext, String context) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = CIPHERS.get();
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            byte[] ciphertext = cipher.doFinal(plaintext);
            return ByteBuffer.allocate(NONCE_BYTES + ciphertext.length).put(nonce).put(ciphertext).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable", e);
        }
    }

    public byte[] openBytes(byte[] sealed, String context) {
        if (sealed.length < NONCE_BYTES + TAG_BITS / 8) {
            throw new SealedSecretException("sealed secret is too short");
        }
        try {
            Cipher cipher = CIPHERS.get();
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, 0, NONCE_BYTES));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(sealed, NONCE_BYTES, sealed.length - NONCE_BYTES);
        } catch (javax.crypto.AEADBadTagException e) {
            throw new SealedSecretException("sealed secret does not open: wrong master key, wrong place, or tampered");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable", e);
        }
    }
}
