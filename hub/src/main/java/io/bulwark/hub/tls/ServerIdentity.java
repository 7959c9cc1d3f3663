package io.bulwark.hub.tls;

import io.bulwark.hub.secrets.OwnerOnlyFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * The hub's TLS identity: an EC P-256 key and a certificate from the hub CA whose SANs name every host devices dial
 * (S-TLS-2). Re-issued when the host names change, when it nears expiry, or when the CA is not the one that issued it.
 */
public final class ServerIdentity {

    public static final String CERTIFICATE_FILE = "server.crt.pem";
    public static final String KEY_FILE = "server.key.pem";
    /** The longest validity browsers accept for a server certificate. */
    private static final Duration VALIDITY = Duration.ofDays(397);
    private static final Duration RENEW_BEFORE = Duration.ofDays(30);
    /** Always named, so local tools and health checks can verify the host name without configuration. */
    private static final List<String> LOOPBACK = List.of("localhost", "127.0.0.1", "::1");
    private static final String KEY_ALIAS = "hub";

    private final X509Certificate certificate;
    private final X509Certificate caCertificate;
    private final PrivateKey key;
    private final char[] keyStorePassword;

    private ServerIdentity(X509Certificate certificate, X509Certificate caCertificate, PrivateKey key) {
        this.certificate = certificate;
        this.caCertificate = caCertificate;
        this.key = key;
        // Only guards the in-memory key store object; never written anywhere, different in every process.
        this.keyStorePassword = randomPassword();
    }

    public static ServerIdentity loadOrIssue(Path dataDir, HubCertificateAuthority ca, Set<String> hostNames) {
        OwnerOnlyFiles.ensureDirectory(dataDir);
        Set<HostName> wanted = withLoopback(hostNames);
        Path certificateFile = dataDir.resolve(CERTIFICATE_FILE);
        Path keyFile = dataDir.resolve(KEY_FILE);
        if (Files.exists(certificateFile) && Files.exists(keyFile)) {
            if (OwnerOnlyFiles.isExposed(keyFile)) {
                throw new IllegalStateException("the hub's TLS key " + keyFile + " is accessible to other users;"
                        + " allow only the hub's own user with: chmod 600 " + keyFile
                        + " (or delete it and " + CERTIFICATE_FILE + " to get a fresh key)");
            }
            X509Certificate existing = PemFiles.readCertificate(certificateFile);
            PrivateKey existingKey = PemFiles.readPrivateKey(keyFile);
            if (isReusable(existing, existingKey, ca.certificate(), wanted)) {
                return new ServerIdentity(existing, ca.certificate(), existingKey);
            }
        }
        KeyPair keys = CertificateBuilder.newEcP256KeyPair();
        X509Certificate issued = ca.issueServerCertificateFor(keys.getPublic(), wanted, VALIDITY);
        // Key first: a crash in between leaves a new key with the old certificate, which fails keyMatches on the
        // next start and is re-issued, instead of a certificate whose key is lost.
        PemFiles.writePrivateKey(keyFile, keys.getPrivate());
        PemFiles.writeCertificates(certificateFile, List.of(issued, ca.certificate()));
        return new ServerIdentity(issued, ca.certificate(), keys.getPrivate());
    }

    public X509Certificate certificate() {
        return certificate;
    }

    /** The leaf then the CA, as sent in the handshake. */
    public List<X509Certificate> certificateChain() {
        return List.of(certificate, caCertificate);
    }

    /** Canonical SANs: DNS names lower-cased, IP addresses as literals ({@code 127.0.0.1}, {@code ::1}). */
    public Set<String> subjectAlternativeNames() {
        return sansOf(certificate).stream().map(HostName::text)
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }

    /** A fresh PKCS#12 store in memory holding the key under alias "hub", guarded by {@link #keyStorePassword()}. */
    public KeyStore keyStore() {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry(KEY_ALIAS, key, keyStorePassword, new X509Certificate[] {certificate, caCertificate});
            return store;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build the server key store", e);
        }
    }

    public char[] keyStorePassword() {
        return keyStorePassword.clone();
    }

    /** A server context with our key; callers still restrict versions and suites with {@link TlsPolicy}. */
    public SSLContext serverSslContext() {
        return serverSslContext(null);
    }

    /**
     * The same, for a listener that asks clients for a certificate and judges it itself once it knows the claimed
     * identity (see {@link AnyClientChainTrustManager}): the HTTPS port, where X.509 devices use the device API.
     */
    public SSLContext serverSslContextAcceptingAnyClientChain() {
        return serverSslContext(new javax.net.ssl.TrustManager[] {new AnyClientChainTrustManager()});
    }

    private SSLContext serverSslContext(javax.net.ssl.TrustManager[] trustManagers) {
        try {
            KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keyManagers.init(keyStore(), keyStorePassword);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers.getKeyManagers(), trustManagers, new SecureRandom());
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot build the server TLS context", e);
        }
    }

    @Override
    public String toString() {
        return "ServerIdentity[" + certificate.getSubjectX500Principal().getName() + ", SANs "
                + subjectAlternativeNames() + ", until " + certificate.getNotAfter().toInstant() + "]";
    }

    private static boolean isReusable(X509Certificate existing, PrivateKey existingKey, X509Certificate ca,
                                      Set<HostName> wanted) {
        if (!existing.getIssuerX500Principal().equals(ca.getSubjectX500Principal())) {
            return false;
        }
        try {
            existing.verify(ca.getPublicKey());
        } catch (GeneralSecurityException notFromThisCa) {
            return false;
        }
        boolean fresh = existing.getNotAfter().toInstant().isAfter(Instant.now().plus(RENEW_BEFORE));
        return fresh && sansOf(existing).equals(wanted) && CertificateBuilder.keyMatches(existingKey, existing);
    }

    private static Set<HostName> withLoopback(Set<String> hostNames) {
        Set<HostName> names = new LinkedHashSet<>();
        hostNames.forEach(name -> names.add(HostName.parse(name)));
        LOOPBACK.forEach(name -> names.add(HostName.parse(name)));
        return names;
    }

    private static Set<HostName> sansOf(X509Certificate certificate) {
        Set<HostName> names = new LinkedHashSet<>();
        try {
            Collection<List<?>> sans = certificate.getSubjectAlternativeNames();
            if (sans != null) {
                sans.forEach(entry -> names.add(HostName.fromCertificateEntry(entry)));
            }
        } catch (CertificateParsingException e) {
            throw new IllegalStateException("server certificate has unreadable SANs", e);
        }
        return names;
    }

    private static char[] randomPassword() {
        byte[] bytes = new byte[18];
        new SecureRandom().nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes).toCharArray();
    }
}
