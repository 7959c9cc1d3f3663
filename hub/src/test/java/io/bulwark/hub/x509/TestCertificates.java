package io.bulwark.hub.x509;

import io.bulwark.hub.tls.PemFiles;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Certificates for tests, made on the spot with Bouncy Castle: CAs, intermediates, device certificates, and the weak
 * or badly dated ones the hub must refuse. Defaults are the good case (EC P-256, SHA-256, valid from an hour ago for
 * a day); each test changes only what it is about.
 */
public final class TestCertificates {

    private static final SecureRandom RANDOM = new SecureRandom();

    /** A certificate with its key pair. */
    public record Issued(X509Certificate certificate, KeyPair keys) {
        public PrivateKey privateKey() {
            return keys.getPrivate();
        }

        public String thumbprint() {
            return Certificates.thumbprint(certificate);
        }

        public String pem() {
            return Certificates.toPem(certificate);
        }
    }

    private TestCertificates() {
    }

    public static KeyPair ecP256() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Curves the JDK no longer implements (secp224r1) come from Bouncy Castle's provider. */
    public static KeyPair ec(String curve) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", new BouncyCastleProvider());
            generator.initialize(new ECGenParameterSpec(curve), RANDOM);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static KeyPair rsa(int bits) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(bits, RANDOM);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static KeyPair ed25519() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A certificate with this CN; see {@link Builder} for what can be changed. */
    public static Builder certificate(String commonName) {
        return new Builder(commonName);
    }

    /** A root CA with this CN, EC P-256, valid for a day. */
    public static Issued rootCa(String commonName) {
        return certificate(commonName).ca().build();
    }

    /** A client TLS context: this leaf (and chain) as the client certificate, the hub CA in {@code caPem} trusted. */
    public static SSLContext clientContext(Path caPem, Issued leaf, X509Certificate... intermediates) {
        return clientContext(caPem, keyManagers(leaf, intermediates));
    }

    public static SSLContext clientContext(Path caPem, KeyManager[] keyManagers) {
        try {
            KeyStore trusted = KeyStore.getInstance("PKCS12");
            trusted.load(null, null);
            int i = 0;
            for (X509Certificate ca : PemFiles.readCertificates(caPem)) {
                trusted.setCertificateEntry("hub-ca-" + i++, ca);
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance("PKIX");
            trust.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers, trust.getTrustManagers(), RANDOM);
            return context;
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Key managers offering one client certificate; SunX509 offers it whatever CA names the server asks for. */
    public static KeyManager[] keyManagers(Issued leaf, X509Certificate... intermediates) {
        try {
            List<X509Certificate> chain = new ArrayList<>(List.of(leaf.certificate()));
            chain.addAll(List.of(intermediates));
            char[] password = "test".toCharArray();
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("device", leaf.privateKey(), password, chain.toArray(X509Certificate[]::new));
            KeyManagerFactory factory = KeyManagerFactory.getInstance("SunX509");
            factory.init(store, password);
            return factory.getKeyManagers();
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A PEM PKCS#10 request for {@code keys}, signed with SHA-256 and the key's own type. */
    public static String csr(KeyPair keys, String commonName) {
        return csr(keys, commonName, Builder.defaultSignature(keys.getPrivate()));
    }

    /** A PEM PKCS#10 request signed with {@code signatureAlgorithm}, e.g. {@code SHA1withRSA}. */
    public static String csr(KeyPair keys, String commonName, String signatureAlgorithm) {
        try {
            X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, commonName).build();
            org.bouncycastle.pkcs.PKCS10CertificationRequest request =
                    new org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder(subject, keys.getPublic())
                            .build(new JcaContentSignerBuilder(signatureAlgorithm)
                                    .setProvider(new BouncyCastleProvider()).build(keys.getPrivate()));
            java.io.StringWriter out = new java.io.StringWriter();
            try (org.bouncycastle.openssl.jcajce.JcaPEMWriter writer =
                         new org.bouncycastle.openssl.jcajce.JcaPEMWriter(out)) {
                writer.writeObject(request);
            }
            return out.toString();
        } catch (Exception e) {
            throw new IllegalStateException("cannot build test csr", e);
        }
    }

    /** How a test certificate differs from the good default. */
    public static final class Builder {
        private final String commonName;
        private KeyPair keys;
        private Issued issuer;
        private Instant notBefore = Instant.now().minus(Duration.ofHours(1));
        private Instant notAfter = Instant.now().plus(Duration.ofDays(1));
        private String signatureAlgorithm;
        private boolean ca;
        private KeyPurposeId usage = KeyPurposeId.id_kp_clientAuth;

        private Builder(String commonName) {
            this.commonName = commonName;
        }

        public Builder keys(KeyPair value) {
            this.keys = value;
            return this;
        }

        /** Signed by this CA (default: self-signed). */
        public Builder issuedBy(Issued value) {
            this.issuer = value;
            return this;
        }

        public Builder validity(Instant from, Instant until) {
            this.notBefore = from;
            this.notAfter = until;
            return this;
        }

        /** E.g. {@code SHA1withRSA}; default SHA-256 with the issuer's key type. */
        public Builder signatureAlgorithm(String value) {
            this.signatureAlgorithm = value;
            return this;
        }

        public Builder ca() {
            this.ca = true;
            return this;
        }

        /** The extended key usage of an end-entity certificate (default clientAuth). */
        public Builder usage(KeyPurposeId value) {
            this.usage = value;
            return this;
        }

        public Issued build() {
            KeyPair subjectKeys = keys != null ? keys : ecP256();
            KeyPair signingKeys = issuer != null ? issuer.keys() : subjectKeys;
            X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, commonName).build();
            X500Name issuerName = issuer == null ? subject
                    : X500Name.getInstance(issuer.certificate().getSubjectX500Principal().getEncoded());
            try {
                X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuerName,
                        new BigInteger(64, RANDOM).setBit(63), Date.from(notBefore), Date.from(notAfter), subject,
                        subjectKeys.getPublic());
                if (ca) {
                    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                            .addExtension(Extension.keyUsage, true,
                                    new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
                } else {
                    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                            .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                            .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(usage));
                }
                String algorithm = signatureAlgorithm != null ? signatureAlgorithm
                        : defaultSignature(signingKeys.getPrivate());
                X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(builder.build(
                        new JcaContentSignerBuilder(algorithm).setProvider(new BouncyCastleProvider())
                                .build(signingKeys.getPrivate())));
                return new Issued(certificate, subjectKeys);
            } catch (Exception e) {
                throw new IllegalStateException("cannot build test certificate " + commonName, e);
            }
        }

        private static String defaultSignature(PrivateKey key) {
            return switch (key.getAlgorithm()) {
                case "RSA" -> "SHA256withRSA";
                case "Ed25519", "EdDSA" -> "Ed25519";
                default -> "SHA256withECDSA";
            };
        }
    }
}
