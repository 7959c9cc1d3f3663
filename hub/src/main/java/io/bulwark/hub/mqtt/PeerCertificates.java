package io.bulwark.hub.mqtt;

import io.netty.channel.Channel;
import io.netty.handler.ssl.OpenSslSession;
import io.netty.handler.ssl.SslHandler;
import java.io.ByteArrayInputStream;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * The TLS client certificates of a connection, leaf first, as plain JDK certificates: the engines hand out their own
 * implementations (BoringSSL's are Netty classes), and the core must see neither Netty types nor engine quirks.
 */
final class PeerCertificates {

    private static final int MAX_CHAIN = 8;

    private PeerCertificates() {
    }

    /** Empty when the client sent no certificate, or when the connection has no TLS handler of its own. */
    static List<X509Certificate> of(Channel channel) {
        SslHandler tls = channel.pipeline().get(SslHandler.class);
        if (tls == null) {
            return List.of();
        }
        SSLSession session = tls.engine().getSession();
        if (session instanceof OpenSslSession openSsl && !openSsl.hasPeerCertificates()) {
            // Most connects are SAS devices without a certificate: asking BoringSSL's session first spares each of
            // them the SSLPeerUnverifiedException (and its stack trace) that getPeerCertificates() would throw.
            return List.of();
        }
        try {
            Certificate[] peer = session.getPeerCertificates();
            if (peer.length > MAX_CHAIN) {
                // Nobody needs that many intermediates; without them the path fails and the connect is refused.
                return List.of(reparse(peer[0]));
            }
            List<X509Certificate> chain = new ArrayList<>(peer.length);
            for (Certificate certificate : peer) {
                chain.add(reparse(certificate));
            }
            return List.copyOf(chain);
        } catch (SSLPeerUnverifiedException noCertificate) {
            return List.of();
        }
    }

    private static X509Certificate reparse(Certificate certificate) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(certificate.getEncoded()));
        } catch (CertificateException e) {
            // The TLS engine parsed it already; failing here means it is not X.509 at all.
            throw new IllegalStateException("unreadable client certificate", e);
        }
    }
}
