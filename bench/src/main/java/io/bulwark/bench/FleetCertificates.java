package io.bulwark.bench;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A bench fleet's certificates, all EC P-256 and SHA-256 as a real fleet would have them: one root CA, the
 * proof-of-possession certificate the hub asks for, and one leaf per device (CN = device id, clientAuth). Keys live in
 * memory for the run only.
 */
final class FleetCertificates {

    /** A certificate with the key pair it was issued for. */
    record Issued(X509Certificate certificate, KeyPair keys) {
    }

    private final SecureRandom random = new SecureRandom();
    private final Issued ca;

    FleetCertificates(String caName) {
        KeyPair keys = newKeyPair();
        X500Name subject = new X500Name("CN=" + caName);
        this.ca = new Issued(sign(subject, subject, keys, keys, Duration.ofDays(2), true), keys);
    }

    X509Certificate ca() {
        return ca.certificate();
    }

    /** The proof of possession: a certificate whose CN is the hub's verification code, signed with the CA's key. */
    X509Certificate proof(String verificationCode) {
        return issue(verificationCode).certificate();
    }

    /** A device certificate valid for a day, CN = device id, for TLS client authentication only. */
    Issued issue(String commonName) {
        KeyPair keys = newKeyPair();
        X500Name issuer = new X500Name(ca.certificate().getSubjectX500Principal().getName());
        return new Issued(sign(issuer, new X500Name("CN=" + commonName), keys, ca.keys(), Duration.ofDays(1), false),
                keys);
    }

    private KeyPair newKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), random);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private X509Certificate sign(X500Name issuer, X500Name subject, KeyPair subjectKeys, KeyPair issuerKeys,
                                 Duration lifetime, boolean isCa) {
        // Valid from an hour ago: the hub refuses certificates that are not yet valid, and clocks drift.
        Instant from = Instant.now().minus(Duration.ofHours(1));
        try {
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer,
                    new BigInteger(64, random).add(BigInteger.ONE), Date.from(from), Date.from(from.plus(lifetime)),
                    subject, subjectKeys.getPublic());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(isCa));
            if (isCa) {
                builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            } else {
                builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
                builder.addExtension(Extension.extendedKeyUsage, false,
                        new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth));
            }
            return new JcaX509CertificateConverter().getCertificate(builder.build(
                    new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKeys.getPrivate())));
        } catch (GeneralSecurityException | OperatorCreationException | java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
