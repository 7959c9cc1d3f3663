package io.bulwark.hub.tls;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;

/**
 * The hub's own certificate authority (EC P-256), made on first start: it signs the hub's server certificate and,
 * later, device certificates. Devices and tools trust exactly this CA, so no public CA can impersonate the hub.
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
        io.bulwark.hub.secrets.OwnerOnlyFiles.ensureDirectory(dataDir);
        Path certificateFile = dataDir.resolve(CERTIFICATE_FILE);
        Path keyFile = dataDir.resolve(KEY_FILE);
        if (Files.exists(certificateFile) && Files.exists(keyFile)) {
            return new HubCertificateAuthority(PemFiles.readCertificate(certificateFile),
                    PemFiles.readPrivateKey(keyFile));
        }
        KeyPair keys = CertificateBuilder.newEcP256KeyPair();
        byte[] id = new byte[4];
        new SecureRandom().nextBytes(id);
        X509Certificate certificate = CertificateBuilder.selfSignedCa(keys,
                "Bulwark Hub CA " + HexFormat.of().formatHex(id), VALIDITY);
        // Key first: a certificate without its key would be reloaded as a CA that cannot sign.
        PemFiles.writePrivateKey(keyFile, keys.getPrivate());
        PemFiles.writeCertificates(certificateFile, List.of(certificate));
        return new HubCertificateAuthority(certificate, keys.getPrivate());
    }

    public X509Certificate certificate() {
        return certificate;
    }

    PrivateKey privateKey() {
        return privateKey;
    }

    public X509Certificate issueServerCertificate(java.security.PublicKey key, String commonName,
                                                  org.bouncycastle.asn1.x509.GeneralNames names, Duration validity) {
        return CertificateBuilder.serverCertificate(certificate, privateKey, key, commonName, names, validity);
    }
}
