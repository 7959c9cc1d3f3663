package io.bulwark.bench;

import java.security.MessageDigest;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.X509TrustManager;

/**
 * The driver's check of the broker: the leaf certificate it presents must be, byte for byte, the one the driver read
 * from the broker's own files before the run. Any other certificate fails the handshake.
 *
 * <p>Why not a chain check against the CA: with a Java trust manager BoringSSL hands the chain back to Java, and the
 * JDK's PKIX validation (path building, policy checks and an EC P-256 signature verify in Java) cost the driver more
 * CPU per connect than the broker's whole handshake. The driver shares two cores with the broker, so that cost came
 * off the broker's figure. A load driver knows its broker's certificate exactly; comparing DER bytes proves the same
 * peer for this purpose (the broker also proves it holds the key, in the handshake's CertificateVerify). Devices and
 * the SDK keep verifying the chain and host name (S-TLS-2); this is a benchmark client only.
 */
final class PinnedServerCertificate implements X509TrustManager {

    private final byte[] expected;

    PinnedServerCertificate(X509Certificate leaf) {
        try {
            this.expected = leaf.getEncoded();
        } catch (CertificateEncodingException e) {
            throw new IllegalArgumentException("the broker's certificate cannot be encoded", e);
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        if (chain == null || chain.length == 0) {
            throw new CertificateException("the broker presented no certificate");
        }
        // Netty's BoringSSL certificates hand out their DER bytes without parsing them.
        if (!MessageDigest.isEqual(expected, chain[0].getEncoded())) {
            throw new CertificateException("the broker presented another certificate than the pinned one");
        }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("the driver is a client only");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
    }
}
