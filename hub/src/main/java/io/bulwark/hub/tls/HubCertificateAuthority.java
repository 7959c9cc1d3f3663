package io.bulwark.hub.tls;

import io.bulwark.hub.secrets.OwnerOnlyFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;

/**
 * The hub's own certificate authority (EC P-256), made on first start: it signs the hub's server certificate and
 * device certificates ({@code x509.DeviceCertificateSigner}). Devices and tools trust exactly this CA, so no public CA
 * can impersonate the hub, and each hub makes its own, so no two hubs trust each other by default (S-AUTH-2).
 */
public final class HubCertificateAuthority {

    public static final String CERTIFICATE_FILE = "ca.crt.pem";
    public static final String KEY_FILE = "ca.key.pem";
    private static final Duration VALIDITY = Duration.ofDays(3650);

    private final X509Certificate certificate;
    private final PrivateKey privateKey;

    private HubCertificateAuthority(X509Certificate certificate, PrivateKey privateKey) {
        this.certificate = certificate;
        this.privateKey = privateKey;
    }

    public static HubCertificateAuthority loadOrCreate(Path dataDir) {
        OwnerOnlyFiles.ensureDirectory(dataDir);
        Path certificateFile = dataDir.resolve(CERTIFICATE_FILE);
        Path keyFile = dataDir.resolve(KEY_FILE);
        boolean hasCertificate = Files.exists(certificateFile);
        boolean hasKey = Files.exists(keyFile);
        if (hasCertificate && hasKey) {
            return load(certificateFile, keyFile);
        }
        if (hasCertificate || hasKey) {
            // Making a new CA here would silently cut off every device that trusts the old one.
            throw new IllegalStateException("the hub CA in " + dataDir + " is incomplete: " + CERTIFICATE_FILE
                    + " and " + KEY_FILE + " must both exist. Restore the missing file from a backup, or delete"
                    + " both to create a new CA (devices that trust the old CA will then refuse this hub)");
        }
        return create(certificateFile, keyFile);
    }

    public X509Certificate certificate() {
        return certificate;
    }

    /** Signs device certificates and the CRL; never leaves the hub process except through its owner-only file. */
    public PrivateKey privateKey() {
        return privateKey;
    }

    /**
     * A TLS server certificate for exactly these names (IP literals become iPAddress SANs, others dNSName), with the
     * first name as its CN.
     */
    public X509Certificate issueServerCertificate(PublicKey key, Set<String> hostNames, Duration validity) {
        Set<HostName> names = new LinkedHashSet<>();
        hostNames.forEach(name -> names.add(HostName.parse(name)));
        if (names.isEmpty()) {
            throw new IllegalArgumentException("a server certificate needs at least one host name");
        }
        return issueServerCertificateFor(key, names, validity);
    }

    X509Certificate issueServerCertificateFor(PublicKey key, Set<HostName> names, Duration validity) {
        GeneralNames alternativeNames = new GeneralNames(
                names.stream().map(HostName::toGeneralName).toArray(GeneralName[]::new));
        return CertificateBuilder.serverCertificate(certificate, privateKey, key, names.iterator().next().text(),
                alternativeNames, validity);
    }

    private static HubCertificateAuthority load(Path certificateFile, Path keyFile) {
        if (OwnerOnlyFiles.isExposed(keyFile)) {
            throw new IllegalStateException("the hub CA key " + keyFile + " is accessible to other users; allow only"
                    + " the hub's own user with: chmod 600 " + keyFile);
        }
        X509Certificate certificate = PemFiles.readCertificate(certificateFile);
        PrivateKey key = PemFiles.readPrivateKey(keyFile);
        if (!CertificateBuilder.keyMatches(key, certificate)) {
            throw new IllegalStateException(keyFile + " is not the key of " + certificateFile
                    + "; restore the matching pair from a backup");
        }
        return new HubCertificateAuthority(certificate, key);
    }

    private static HubCertificateAuthority create(Path certificateFile, Path keyFile) {
        KeyPair keys = CertificateBuilder.newEcP256KeyPair();
        // A random suffix tells the CAs of different hubs apart in a trust store or a TLS error message.
        byte[] id = new byte[4];
        new SecureRandom().nextBytes(id);
        X509Certificate certificate = CertificateBuilder.selfSignedCa(keys,
                "Bulwark Hub CA " + HexFormat.of().formatHex(id), VALIDITY);
        PemFiles.writePrivateKey(keyFile, keys.getPrivate());
        PemFiles.writeCertificates(certificateFile, List.of(certificate));
        return new HubCertificateAuthority(certificate, keys.getPrivate());
    }
}
