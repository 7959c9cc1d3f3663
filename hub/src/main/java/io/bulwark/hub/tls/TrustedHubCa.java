package io.bulwark.hub.tls;

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
 * CA for the same name is still refused (the CA is pinned, S-TLS-2). Host names are checked by the client as usual.
 */
public final class TrustedHubCa {

    private TrustedHubCa() {
    }

    public static SSLContext clientContext(Path caPem) {
        return clientContext(PemFiles.readCertificates(caPem));
    }

    public static SSLContext clientContext(List<X509Certificate> trusted) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            for (int i = 0; i < trusted.size(); i++) {
                store.setCertificateEntry("hub-ca-" + i, trusted.get(i));
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            SSLContext context = SSLContext.getInstance("TLSv1.3");
            context.init(null, trust.getTrustManagers(), new SecureRandom());
            return context;
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("cannot build a TLS context trusting the hub CA", e);
        }
    }
}
