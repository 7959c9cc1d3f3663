package io.bulwark.hub.webhook;

import io.bulwark.hub.tls.HubCertificateAuthority;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.Set;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A CA made for one test (the hub's own CA code, in a folder of its own) and server certificates from it, for
 * webhook receivers on 127.0.0.1. Nothing here is trusted by the JDK, which is the point of some tests.
 */
public final class TestCertificates {

    private static final char[] PASSWORD = "test-only".toCharArray();

    private final Path folder;
    private final HubCertificateAuthority ca;

    private TestCertificates(Path folder) {
        this.folder = folder;
        this.ca = HubCertificateAuthority.loadOrCreate(folder);
    }

    public static TestCertificates newCa(Path folder) {
        return new TestCertificates(folder);
    }

    /** The CA certificate as PEM: what a route's {@code trustedCa} holds. */
    public String caPem() {
        try {
            return Files.readString(folder.resolve(HubCertificateAuthority.CERTIFICATE_FILE));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A server TLS context whose certificate names exactly these hosts. */
    public SSLContext serverContext(String... hostNames) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair keys = generator.generateKeyPair();
            X509Certificate leaf = ca.issueServerCertificate(keys.getPublic(), Set.of(hostNames),
                    Duration.ofDays(2));
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("receiver", keys.getPrivate(), PASSWORD,
                    new X509Certificate[] {leaf, ca.certificate()});
            KeyManagerFactory managers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            managers.init(store, PASSWORD);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(managers.getKeyManagers(), null, new SecureRandom());
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot make a test server certificate", e);
        }
    }
}
