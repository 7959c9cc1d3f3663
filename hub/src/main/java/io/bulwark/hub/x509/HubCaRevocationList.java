package io.bulwark.hub.x509;

import io.bulwark.hub.tls.HubCertificateAuthority;
import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The certificate revocation list of the hub's own CA (RFC 5280, DER), signed by the hub CA: the serial numbers of
 * revoked certificates the hub CA issued, so that relying parties other than this hub can check them too. Revocations
 * named by thumbprint only carry no serial number and cannot be listed; revoke with the certificate itself or its
 * issuer and serial number for that.
 *
 * <p>The list is signed again when a revocation was added, and otherwise once {@link #REISSUE_AFTER} passed, well
 * before its {@code nextUpdate}. Between those it is served from memory, so that an unauthenticated reader cannot make
 * the hub sign on every request.
 */
public final class HubCaRevocationList {

    /** How long a published list is valid: its nextUpdate. */
    /** The public HTTPS path the hub serves this list at. */
    public static final String PATH = "/crl/hub-ca.crl";
    public static final Duration VALIDITY = Duration.ofDays(1);
    static final Duration REISSUE_AFTER = Duration.ofHours(1);

    private final HubCertificateAuthority ca;
    private final CertificateRevocations revocations;
    private final Clock clock;
    private byte[] current;
    private Instant issuedAt;
    private int listedRevocations = -1;
    private BigInteger lastNumber = BigInteger.ZERO;

    public HubCaRevocationList(HubCertificateAuthority ca, CertificateRevocations revocations, Clock clock) {
        this.ca = ca;
        this.revocations = revocations;
        this.clock = clock;
    }

    /** Where relying parties fetch this list (the CRL distribution point of issued certificates). */
    public static java.net.URI location(String host, int httpsPort) {
        String authority = host.contains(":") ? "[" + host + "]" : host; // an IPv6 literal needs brackets in a URL
        return java.net.URI.create("https://" + authority + ":" + httpsPort + PATH);
    }

    /** The current list, DER-encoded ({@code application/pkix-crl}). */
    public synchronized byte[] encoded() {
        List<RevokedCertificate> all = revocations.list();
        Instant now = clock.instant();
        if (current == null || all.size() != listedRevocations || !now.isBefore(issuedAt.plus(REISSUE_AFTER))) {
            current = sign(all, now);
            issuedAt = now;
            listedRevocations = all.size();
        }
        return current.clone();
    }

    private byte[] sign(List<RevokedCertificate> all, Instant now) {
        X509Certificate caCertificate = ca.certificate();
        String issuer = caCertificate.getSubjectX500Principal().getName(X500Principal.CANONICAL);
        // The issuer is copied byte for byte from the CA certificate: path validators compare names in encoded form.
        X509v2CRLBuilder builder = new X509v2CRLBuilder(
                X500Name.getInstance(caCertificate.getSubjectX500Principal().getEncoded()), Date.from(now));
        builder.setNextUpdate(Date.from(now.plus(VALIDITY)));
        for (RevokedCertificate revoked : all) {
            if (issuer.equals(revoked.id().issuer())) {
                builder.addCRLEntry(new BigInteger(revoked.id().serialNumber(), 16),
                        Date.from(revoked.revokedTime()), CRLReason.unspecified);
            }
        }
        try {
            // CRL numbers must increase; time-based so that they keep increasing across restarts.
            BigInteger number = BigInteger.valueOf(now.toEpochMilli()).max(lastNumber.add(BigInteger.ONE));
            lastNumber = number;
            builder.addExtension(Extension.cRLNumber, false, new CRLNumber(number));
            builder.addExtension(Extension.authorityKeyIdentifier, false,
                    new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(caCertificate));
            return builder.build(new JcaContentSignerBuilder(signatureFor(caCertificate)).build(ca.privateKey())).getEncoded();
        } catch (IOException | GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("cannot sign the hub CA's revocation list", e);
        }
    }

    /** The hub makes its CA on EC P-256; an operator-supplied RSA CA signs with RSA. */
    static String signatureFor(X509Certificate caCertificate) {
        return "RSA".equals(caCertificate.getPublicKey().getAlgorithm()) ? "SHA256withRSA" : "SHA256withECDSA";
    }
}
