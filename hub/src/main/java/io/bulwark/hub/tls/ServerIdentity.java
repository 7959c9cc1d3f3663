package io.bulwark.hub.tls;

import java.net.InetAddress;
import java.net.UnknownHostException;
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
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;

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
    private static final List<String> ALWAYS = List.of("localhost", "127.0.0.1", "::1");

    private final X509Certificate certificate;
    private final X509Certificate caCertificate;
    private final PrivateKey key;
    private final char[] keyStorePassword;

    private ServerIdentity(X509Certificate certificate, X509Certificate caCertificate, PrivateKey key) {
        this.certificate = certificate;
        this.caCertificate = caCertificate;
        this.key = key;
        // Only guards the in-memory key store object; never written anywhere.
        this.keyStorePassword = randomPassword();
    }

    public static ServerIdentity loadOrIssue(Path dataDir, HubCertificateAuthority ca, Set<String> hostNames) {
        Set<String> wanted = normalise(hostNames);
        Path certificateFile = dataDir.resolve(CERTIFICATE_FILE);
        Path keyFile = dataDir.resolve(KEY_FILE);
        if (Files.exists(certificateFile) && Files.exists(keyFile)) {
            X509Certificate existing = PemFiles.readCertificate(certificateFile);
            if (isReusable(existing, ca.certificate(), wanted)) {
                return new ServerIdentity(existing, ca.certificate(), PemFiles.readPrivateKey(keyFile));
            }
        }
        KeyPair keys = CertificateBuilder.newEcP256KeyPair();
        X509Certificate issued = ca.issueServerCertificate(keys.getPublic(), wanted.iterator().next(),
                generalNames(wanted), VALIDITY);
        PemFiles.writePrivateKey(keyFile, keys.getPrivate());
        PemFiles.writeCertificates(certificateFile, List.of(issued, ca.certificate()));
        return new ServerIdentity(issued, ca.certificate(), keys.getPrivate());
    }

    public X509Certificate certificate() {
        return certificate;
    }

    public Set<String> subjectAlternativeNames() {
        return sansOf(certificate);
    }

    public KeyStore keyStore() {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("hub", key, keyStorePassword, new X509Certificate[] {certificate, caCertificate});
            return store;
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("cannot build the server key store", e);
        }
    }

    public char[] keyStorePassword() {
        return keyStorePassword.clone();
    }

    public SSLContext serverSslContext() {
        try {
            KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keyManagers.init(keyStore(), keyStorePassword);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers.getKeyManagers(), null, new SecureRandom());
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot build the server TLS context", e);
        }
    }

    private static boolean isReusable(X509Certificate existing, X509Certificate ca, Set<String> wanted) {
        try {
            existing.verify(ca.getPublicKey());
        } catch (GeneralSecurityException e) {
            return false;
        }
        boolean fresh = existing.getNotAfter().toInstant().isAfter(Instant.now().plus(RENEW_BEFORE));
        return fresh && sansOf(existing).equals(wanted);
    }

    private static Set<String> normalise(Set<String> hostNames) {
        Set<String> names = new LinkedHashSet<>();
        hostNames.forEach(name -> names.add(canonical(name)));
        ALWAYS.forEach(name -> names.add(canonical(name)));
        return names;
    }

    /** IP literals in their canonical form (so "::1" and "0:0:0:0:0:0:0:1" compare equal); names lower-cased. */
    private static String canonical(String name) {
        String trimmed = name.trim();
        if (isIpLiteral(trimmed)) {
            try {
                return InetAddress.getByName(trimmed).getHostAddress();
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("invalid IP address " + trimmed, e);
            }
        }
        return trimmed.toLowerCase(Locale.ROOT);
    }

    /** Decides without any DNS lookup: IPv6 literals contain ':', IPv4 literals are four dotted decimals. */
    static boolean isIpLiteral(String name) {
        return name.contains(":") || name.matches("\\d{1,3}(\\.\\d{1,3}){3}");
    }

    private static GeneralNames generalNames(Set<String> names) {
        return new GeneralNames(names.stream()
                .map(n -> new GeneralName(isIpLiteral(n) ? GeneralName.iPAddress : GeneralName.dNSName, n))
                .toArray(GeneralName[]::new));
    }

    private static Set<String> sansOf(X509Certificate certificate) {
        Set<String> names = new LinkedHashSet<>();
        try {
            Collection<List<?>> sans = certificate.getSubjectAlternativeNames();
            if (sans != null) {
                for (List<?> san : sans) {
                    names.add(canonical(String.valueOf(san.get(1))));
                }
            }
        } catch (CertificateParsingException e) {
            throw new IllegalStateException("server certificate has unreadable SANs", e);
        }
        return names;
    }

    private static char[] randomPassword() {
        byte[] bytes = new byte[18];
        new SecureRandom().nextBytes(bytes);
        return java.util.Base64.getEncoder().encodeToString(bytes).toCharArray();
    }
}
