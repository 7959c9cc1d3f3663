package io.bulwark.hub.tls;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A client's TLS context that trusts one hub CA and nothing else: no system roots, so a certificate from any public
 * CA for the same name is still refused (the CA is pinned, S-TLS-2). Only TLS 1.3/1.2 with ECDHE and AEAD suites
 * (S-TLS-1). Host names are checked by the client as usual (HTTPS endpoint identification).
 */
public final class TrustedHubCa {

    private TrustedHubCa() {
    }

    /** Trusts the certificates in a PEM file, normally the hub's {@code ca.crt.pem}. */
    public static SSLContext clientContext(Path caPem) {
        List<X509Certificate> certificates = PemFiles.readCertificates(caPem);
        if (certificates.isEmpty()) {
            throw new IllegalArgumentException(caPem + " holds no certificate to trust");
        }
        return clientContext(certificates);
    }

    public static SSLContext clientContext(List<X509Certificate> trusted) {
        if (trusted.isEmpty()) {
            throw new IllegalArgumentException("a client must trust at least one hub CA");
        }
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            for (int i = 0; i < trusted.size(); i++) {
                store.setCertificateEntry("hub-ca-" + i, trusted.get(i));
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance("PKIX");
            trust.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), new SecureRandom());
            return new PolicyEnforcingSslContext(context);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build a TLS context trusting the hub CA", e);
        }
    }
}
