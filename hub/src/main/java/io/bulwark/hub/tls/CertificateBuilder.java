package io.bulwark.hub.tls;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Issues the X.509 certificates the hub needs, with Bouncy Castle (the JDK alone cannot issue certificates). */
final class CertificateBuilder {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String SIGNATURE = "SHA256withECDSA";

    private CertificateBuilder() {
    }

    static KeyPair newEcP256KeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("EC P-256 unavailable", e);
        }
    }

    /** A root that may sign end-entity certificates only (pathLen 0): a leaked leaf key cannot mint more leaves. */
    static X509Certificate selfSignedCa(KeyPair keys, String commonName, Duration validity) {
        X500Name subject = commonName(commonName);
        try {
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = builder(subject, subject, keys.getPublic(), validity)
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            extensions.createSubjectKeyIdentifier(keys.getPublic()))
                    .addExtension(Extension.authorityKeyIdentifier, false,
                            extensions.createAuthorityKeyIdentifier(keys.getPublic()));
            return sign(builder, keys.getPrivate());
        } catch (CertIOException | java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot build CA certificate", e);
        }
    }

    static X509Certificate serverCertificate(X509Certificate issuer, PrivateKey issuerKey, PublicKey subjectKey,
                                             String commonName, GeneralNames alternativeNames, Duration validity) {
        try {
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = builder(
                    X500Name.getInstance(issuer.getSubjectX500Principal().getEncoded()),
                    commonName(commonName), subjectKey, validity)
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                    .addExtension(Extension.extendedKeyUsage, false,
                            new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
                    .addExtension(Extension.subjectAlternativeName, false, alternativeNames)
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            extensions.createSubjectKeyIdentifier(subjectKey))
                    .addExtension(Extension.authorityKeyIdentifier, false,
                            extensions.createAuthorityKeyIdentifier(issuer));
            return sign(builder, issuerKey);
        } catch (CertIOException | java.security.NoSuchAlgorithmException
                 | java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException("cannot build server certificate", e);
        }
    }

    /**
     * True when {@code key} is the private half of the certificate's public key. A crash between writing a new key
     * and its certificate leaves a pair that does not match; TLS would then fail at the first handshake instead.
     */
    static boolean keyMatches(PrivateKey key, X509Certificate certificate) {
        byte[] challenge = "bulwark key pair check".getBytes(StandardCharsets.US_ASCII);
        try {
            Signature signer = Signature.getInstance(SIGNATURE);
            signer.initSign(key);
            signer.update(challenge);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(SIGNATURE);
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(challenge);
            return verifier.verify(signature);
        } catch (GeneralSecurityException notAnEcPair) {
            return false;
        }
    }

    /** Built, not parsed from "CN=" + text, so a name holding ',' or '=' cannot add attributes. */
    private static X500Name commonName(String commonName) {
        return new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, commonName).build();
    }

    private static X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, PublicKey key,
                                                    Duration validity) {
        // Backdated a little so a device whose clock runs slightly behind still accepts a fresh certificate.
        Instant notBefore = Instant.now().minus(Duration.ofHours(1));
        // 128 random bits, top bit set so the encoding always has the same length, positive as RFC 5280 requires.
        return new JcaX509v3CertificateBuilder(issuer, new BigInteger(128, RANDOM).setBit(127),
                Date.from(notBefore), Date.from(notBefore.plus(validity)), subject, key);
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey key) {
        try {
            return new JcaX509CertificateConverter()
                    .getCertificate(builder.build(new JcaContentSignerBuilder(SIGNATURE).build(key)));
        } catch (OperatorCreationException | CertificateException e) {
            throw new IllegalStateException("cannot sign certificate", e);
        }
    }
}
