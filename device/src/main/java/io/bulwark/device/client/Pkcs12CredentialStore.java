package io.bulwark.device.client;

import io.bulwark.protocol.connection.DeviceConnectionString;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.spec.SecretKeySpec;

/**
 * Credentials in an encrypted PKCS#12 file (the JDK's default PBES2 with AES-256 and HMAC-SHA256 for keys). A shared
 * access key is kept as a secret entry holding the device's connection string; an X.509 identity as a private-key
 * entry with its certificate chain. The file is written owner-only and replaced atomically.
 */
public final class Pkcs12CredentialStore implements CredentialStore {

    static final String SAS_ALIAS = "bulwark-device-sas";
    static final String X509_ALIAS = "bulwark-device-x509";

    private final Path file;
    private final StorePassword password;

    public Pkcs12CredentialStore(Path file, StorePassword password) {
        this.file = file;
        this.password = password;
    }

    @Override
    public DeviceCredentials load() {
        char[] secret = password.chars();
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, secret);
            if (store.containsAlias(SAS_ALIAS)) {
                KeyStore.SecretKeyEntry entry = (KeyStore.SecretKeyEntry) store.getEntry(SAS_ALIAS,
                        new KeyStore.PasswordProtection(secret));
                byte[] encoded = entry.getSecretKey().getEncoded();
                try {
                    DeviceConnectionString parsed = DeviceConnectionString.parse(new String(encoded,
                            StandardCharsets.UTF_8));
                    return new SymmetricKeyCredentials(parsed.hostName(), parsed.deviceId(), parsed.moduleId(),
                            Base64.getDecoder().decode(parsed.sharedAccessKey()));
                } finally {
                    Arrays.fill(encoded, (byte) 0);
                }
            }
            return X509Credentials.fromKeyStore(store, secret);
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            if (e instanceof DeviceClientException known) {
                throw known;
            }
            // Wrong password, damaged file: say which file and what kind of failure, nothing of its content.
            throw new DeviceClientException("cannot read the credential store " + file.getFileName() + ": "
                    + e.getClass().getSimpleName());
        } finally {
            Arrays.fill(secret, '\0');
        }
    }

    @Override
    public void save(DeviceCredentials credentials) {
        char[] secret = password.chars();
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            KeyStore.PasswordProtection protection = new KeyStore.PasswordProtection(secret);
            if (credentials instanceof SymmetricKeyCredentials key) {
                byte[] connectionString = DeviceConnectionString.withKey(key.hostName(), key.deviceId(),
                        key.moduleId(), Base64.getEncoder().encodeToString(key.key())).format()
                        .getBytes(StandardCharsets.UTF_8);
                store.setEntry(SAS_ALIAS, new KeyStore.SecretKeyEntry(new SecretKeySpec(connectionString,
                        "HmacSHA256")), protection);
                Arrays.fill(connectionString, (byte) 0);
            } else if (credentials instanceof X509Credentials x509) {
                store.setEntry(X509_ALIAS, new KeyStore.PrivateKeyEntry(x509.privateKey(),
                        x509.chain().toArray(Certificate[]::new)), protection);
            } else {
                throw new DeviceClientException("a SAS token expires; store the device key instead");
            }
            write(store, secret);
        } catch (IOException | GeneralSecurityException e) {
            throw new DeviceClientException("cannot write the credential store " + file.getFileName() + ": "
                    + e.getClass().getSimpleName());
        } finally {
            Arrays.fill(secret, '\0');
        }
    }

    private void write(KeyStore store, char[] secret) throws IOException, GeneralSecurityException {
        Path directory = file.toAbsolutePath().getParent();
        Path temporary;
        try {
            temporary = Files.createTempFile(directory, ".credentials", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException notPosix) {
            temporary = Files.createTempFile(directory, ".credentials", ".tmp");
        }
        try (OutputStream out = Files.newOutputStream(temporary)) {
            store.store(out, secret);
        }
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    @Override
    public String toString() {
        return "Pkcs12CredentialStore[" + file + "]";
    }
}
