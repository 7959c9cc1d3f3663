package io.bulwark.hub.tls;

import java.io.IOException;
import java.io.StringReader;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMParser;

/**
 * TLS contexts for connections the hub makes to others (webhook receivers), under the hub's policy (TLS 1.3/1.2,
 * ECDHE, AEAD: S-TLS-1). Either the JDK's trust store, as any HTTPS client would use, or a set of CA certificates
 * pinned for one receiver. Host names are verified by the HTTP client on top.
 */
public final class OutboundTls {

    private OutboundTls() {
    }

    /** Trusts what the JDK trusts ({@code cacerts}, or {@code javax.net.ssl.trustStore} when set). */
    public static SSLContext jdkTrustStore() {
        try {
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init((KeyStore) null);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), new SecureRandom());
            return new PolicyEnforcingSslContext(context);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot build a TLS context on the JDK trust store", e);
        }
    }

    /** Trusts exactly these certificates and nothing else. */
    public static SSLContext trusting(List<X509Certificate> certificates) {
        return TrustedHubCa.clientContext(certificates);
    }

    /**
     * The certificates in PEM text, in order; other PEM objects (keys) are refused rather than skipped, so a
     * private key pasted by mistake is noticed instead of stored.
     *
     * @throws IllegalArgumentException when the text holds no certificate, anything but certificates, or a bad one
     */
    public static List<X509Certificate> parseCertificates(String pem) {
        List<X509Certificate> certificates = new ArrayList<>();
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
            for (Object item = parser.readObject(); item != null; item = parser.readObject()) {
                if (!(item instanceof X509CertificateHolder holder)) {
                    throw new IllegalArgumentException("the PEM text holds something other than certificates");
                }
                certificates.add(converter.getCertificate(holder));
            }
        } catch (IOException | CertificateException | RuntimeException e) {
            if (e instanceof IllegalArgumentException refused) {
                throw refused;
            }
            throw new IllegalArgumentException("the PEM text is not readable as certificates");
        }
        if (certificates.isEmpty()) {
            throw new IllegalArgumentException("the PEM text holds no certificate");
        }
        return certificates;
    }
}
