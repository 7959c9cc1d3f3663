package io.bulwark.hub.x509;

import io.bulwark.hub.tls.HubCertificateAuthority;
import java.math.BigInteger;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.function.Supplier;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Signs device certificates with the hub CA: end-entity only (CA:FALSE), digitalSignature, clientAuth, CN the identity
 * and nothing else from the request, a random serial number, and the hub CA's CRL as distribution point so that
 * relying parties other than this hub find the revocations too.
 */
public final class DeviceCertificateSigner {

    /** Backdated a little so a device whose clock runs slightly behind accepts a fresh certificate. */
    private static final Duration BACKDATE = Duration.ofMinutes(5);

    private final HubCertificateAuthority ca;
    private final Supplier<URI> crlDistributionPoint;
    private final Clock clock;
    private final SecureRandom random;

    /** @param crlDistributionPoint asked at each signing: the HTTPS port is known only once the listener is bound */
    public DeviceCertificateSigner(HubCertificateAuthority ca, Supplier<URI> crlDistributionPoint, Clock clock,
                                   SecureRandom random) {
        this.ca = ca;
        this.crlDistributionPoint = crlDistributionPoint;
        this.clock = clock;
        this.random = random;
    }

    public X509Certificate caCertificate() {
        return ca.certificate();
    }

    X509Certificate sign(String commonName, PublicKey subjectKey, Duration validity) {
        X509Certificate issuer = ca.certificate();
        Instant notBefore = clock.instant().minus(BACKDATE);
        Instant notAfter = clock.instant().plus(validity);
        // Built, not parsed from "CN=" + text, so that an id holding ',' or '=' cannot add attributes.
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, commonName).build();
        // 127 random bits and the top bit set: unpredictable (RFC 5280 wants at least 64 bits of entropy), positive,
        // and always 16 bytes long.
        BigInteger serial = new BigInteger(127, random).setBit(127);
        try {
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            DistributionPoint crl = new DistributionPoint(new DistributionPointName(new GeneralNames(
                    new GeneralName(GeneralName.uniformResourceIdentifier,
                            crlDistributionPoint.get().toString()))), null, null);
            var builder = new JcaX509v3CertificateBuilder(
                    X500Name.getInstance(issuer.getSubjectX500Principal().getEncoded()), serial,
                    Date.from(notBefore), Date.from(notAfter), subject, subjectKey)
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                    .addExtension(Extension.extendedKeyUsage, false,
                            new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth))
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            extensions.createSubjectKeyIdentifier(subjectKey))
                    .addExtension(Extension.authorityKeyIdentifier, false,
                            extensions.createAuthorityKeyIdentifier(issuer))
                    .addExtension(Extension.cRLDistributionPoints, false,
                            new CRLDistPoint(new DistributionPoint[] {crl}));
            return new JcaX509CertificateConverter().getCertificate(builder.build(
                    new JcaContentSignerBuilder(HubCaRevocationList.signatureFor(issuer)).build(ca.privateKey())));
        } catch (CertIOException | GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("cannot sign a device certificate", e);
        }
    }
}
