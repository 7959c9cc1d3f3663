package io.bulwark.device.client;

import io.bulwark.protocol.tls.TlsSuites;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;

/**
 * The client side of S-TLS-1/S-TLS-2: TLS 1.3 and 1.2 only, ECDHE with AEAD suites only (the hub's own list), the hub
 * CA pinned unless system roots were asked for, and the host name checked against the server certificate's SAN as an
 * HTTPS client would (endpoint identification), IP addresses included.
 */
final class ClientTls {

    private final SslContext context;

    ClientTls(HubTrust trust, DeviceCredentials credentials) {
        try {
            SslContextBuilder builder = SslContextBuilder.forClient()
                    .sslProvider(SslProvider.JDK)
                    .protocols(TlsSuites.PROTOCOLS)
                    .ciphers(TlsSuites.CIPHER_SUITES, SupportedCipherSuiteFilter.INSTANCE);
            if (!trust.isSystemRoots()) {
                builder.trustManager(trust.pinned().toArray(X509Certificate[]::new));
            }
            if (credentials instanceof X509Credentials x509) {
                builder.keyManager(x509.privateKey(), x509.chain().toArray(X509Certificate[]::new));
            }
            context = builder.build();
        } catch (SSLException e) {
            throw new DeviceClientException("cannot set up TLS: " + e.getClass().getSimpleName());
        }
    }

    SslHandler newHandler(ByteBufAllocator allocator, String host, int port) {
        SslHandler handler = context.newHandler(allocator, host, port);
        SSLEngine engine = handler.engine();
        SSLParameters parameters = engine.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        engine.setSSLParameters(parameters);
        return handler;
    }
}
