package io.bulwark.hub.secrets;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The hub's master key: 256 random bits kept outside the database (an owner-only file, or the environment), from
 * which the keys that seal secrets at rest and chain the audit log are derived. The database alone reveals nothing
 * (S-DATA-2), and no two hubs share a key because each makes its own at first start (S-AUTH-2).
 */
public final class MasterKey {

    public static final String ENVIRONMENT_VARIABLE = "BULWARK_MASTER_KEY";
    public static final String FILE_NAME = "master.key";
    private static final int LENGTH = 32;

    private final byte[] key;

    private MasterKey(byte[] key) {
        if (key.length != LENGTH) {
            throw new IllegalArgumentException("a master key is " + LENGTH + " bytes, not " + key.length);
        }
        this.key = key.clone();
    }

    public static MasterKey of(byte[] key) {
        return new MasterKey(key);
    }

    /** From {@code BULWARK_MASTER_KEY} if set, else {@code dataDir/master.key}, created on first start. */
    public static MasterKey loadOrCreate(Path dataDir, Map<String, String> env) {
        String fromEnvironment = env.get(ENVIRONMENT_VARIABLE);
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return new MasterKey(decode(fromEnvironment, "the environment variable " + ENVIRONMENT_VARIABLE));
        }
        Path file = dataDir.resolve(FILE_NAME);
        if (Files.exists(file)) {
            return load(file);
        }
        if (fromEnvironment != null) {
            // Set but empty usually means a deployment template lost its value; minting a fresh key file here would
            // silently orphan every secret sealed under the intended key.
            throw new IllegalStateException(ENVIRONMENT_VARIABLE + " is set but empty; set it to the base64 of "
                    + LENGTH + " random bytes (e.g. openssl rand -base64 32) or unset it to create " + file);
        }
        OwnerOnlyFiles.ensureDirectory(dataDir);
        byte[] fresh = new byte[LENGTH];
        new SecureRandom().nextBytes(fresh);
        OwnerOnlyFiles.writeString(file, Base64.getEncoder().encodeToString(fresh) + "\n");
        return new MasterKey(fresh);
    }

    /** Reads an existing key; refuses one that other users can read (it would unlock every sealed secret). */
    public static MasterKey load(Path file) {
        if (OwnerOnlyFiles.isExposed(file)) {
            throw new IllegalStateException("the master key " + file + " is accessible to other users; allow only"
                    + " the hub's own user with: chmod 600 " + file + " (and consider rotating it: anyone who could"
                    + " read it can open the sealed secrets)");
        }
        try {
            return new MasterKey(decode(Files.readString(file, StandardCharsets.US_ASCII), file.toString()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the master key " + file, e);
        }
    }

    /** A key for one purpose: HMAC-SHA256(master, "bulwark/" + purpose). Purposes never share a key. */
    public byte[] derive(String purpose) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(("bulwark/" + purpose).getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    @Override
    public String toString() {
        return "MasterKey[redacted]";
    }

    /** Error messages name the source and the expected shape, never the value. */
    private static byte[] decode(String base64, String source) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("the master key in " + source + " is not base64");
        }
        if (bytes.length != LENGTH) {
            throw new IllegalStateException("the master key in " + source + " must be base64 of exactly " + LENGTH
                    + " bytes, it holds " + bytes.length);
        }
        return bytes;
    }
}
