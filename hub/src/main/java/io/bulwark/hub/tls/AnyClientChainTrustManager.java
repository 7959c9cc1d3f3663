package io.bulwark.hub.tls;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The client-certificate trust of the MQTT listener and the HTTPS port at the TLS layer: any chain is let through the
 * handshake, and the real decision is taken by the device authenticator once CONNECT (or, over HTTPS, the request
 * path) has said which identity the client claims.
 *
 * <p>Why not verify during the handshake: a handshake refused by a trust manager ends in an anonymous TLS alert, with
 * no client id to record and no answer the device SDKs understand. After CONNECT the hub knows who is claimed, checks
 * the certificate against that identity (thumbprint, or chain to a verified CA with CN = device id), and refuses with
 * CONNACK 5 and an audit record carrying the reason. Nothing is lost by waiting: TLS itself still checks the client's
 * CertificateVerify signature, so whoever passes the handshake holds the private key of the leaf it sent; and nothing
 * but CONNECT is read before authentication (8 KiB limit, CONNECT deadline).
 *
 * <p>It extends {@link X509ExtendedTrustManager} on purpose: the JDK wraps a plain {@code X509TrustManager} in a
 * checker that enforces its own algorithm constraints and would refuse some weak chains with an alert instead of the
 * hub's own, audited refusal (S-AUTH-8).
 */
public final class AnyClientChainTrustManager extends X509ExtendedTrustManager {

    private static final X509Certificate[] NO_ISSUERS = new X509Certificate[0];

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {
        // Decided after CONNECT by DeviceAuthenticator; see the class comment.
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
        // Decided after CONNECT by DeviceAuthenticator.
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        // Decided after CONNECT by DeviceAuthenticator.
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("the hub's MQTT listener is a server only");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        throw new CertificateException("the hub's MQTT listener is a server only");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        throw new CertificateException("the hub's MQTT listener is a server only");
    }

    /** No CA names in the CertificateRequest: clients offer whatever certificate they hold (self-signed ones too). */
    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return NO_ISSUERS;
    }
}
