package io.bulwark.hub.audit;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Computes the link of each audit record to the one before: HMAC-SHA256, keyed by a key derived from the master key,
 * over the previous hash and every field. A keyed hash, not a bare SHA-256: someone who can edit the database but
 * does not hold the master key cannot recompute a consistent chain after an edit.
 */
public final class AuditChain {

    /** The previous hash of the very first record. */
    public static final String GENESIS = "0".repeat(64);

    private final SecretKeySpec key;

    public AuditChain(byte[] chainKey) {
        this.key = new SecretKeySpec(chainKey.clone(), "HmacSHA256");
    }

    public String hash(long sequence, java.time.Instant time, String actor, String action, String target,
                       AuditOutcome outcome, String source, String detail, String previousHash) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            // Length-prefixed fields: no two different records can encode to the same bytes.
            mac.update(field(previousHash));
            mac.update(ByteBuffer.allocate(Long.BYTES).putLong(sequence).array());
            mac.update(field(time.toString()));
            mac.update(field(actor));
            mac.update(field(action));
            mac.update(field(target));
            mac.update(field(outcome.wireName()));
            mac.update(field(source));
            mac.update(field(detail));
            return HexFormat.of().formatHex(mac.doFinal());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    /** Recomputes the hash a stored record should carry. */
    public String expectedHash(AuditRecord record) {
        return hash(record.sequence(), record.time(), record.actor(), record.action(), record.target(),
                record.outcome(), record.source(), record.detail(), record.previousHash());
    }

    private static byte[] field(String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(Integer.BYTES + bytes.length).putInt(bytes.length).put(bytes).array();
    }
}
