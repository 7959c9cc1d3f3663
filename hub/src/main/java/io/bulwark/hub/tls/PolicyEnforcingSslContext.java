package io.bulwark.hub.tls;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.security.KeyManagementException;
import java.security.SecureRandom;
import java.util.Set;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;

/**
 * A client {@link SSLContext} whose engines, sockets and default parameters all follow {@link TlsPolicy}. An SSLContext
 * cannot be told which versions to use, only what it may use by default, and the JDK's defaults depend on the
 * {@code jdk.tls.disabledAlgorithms} of whatever machine runs the client; wrapping makes the policy travel with the
 * context into any client library it is handed to (java.net.http, MQTT clients, plain sockets).
 */
final class PolicyEnforcingSslContext extends SSLContext {

    PolicyEnforcingSslContext(SSLContext delegate) {
        super(new Spi(delegate), delegate.getProvider(), delegate.getProtocol());
    }

    private static final class Spi extends SSLContextSpi {

        private final SSLContext delegate;

        Spi(SSLContext delegate) {
            this.delegate = delegate;
        }

        @Override
        protected void engineInit(KeyManager[] keyManagers, TrustManager[] trustManagers, SecureRandom random)
                throws KeyManagementException {
            delegate.init(keyManagers, trustManagers, random);
        }

        @Override
        protected SSLSocketFactory engineGetSocketFactory() {
            return new PolicySocketFactory(delegate.getSocketFactory(), engineGetDefaultSSLParameters());
        }

        @Override
        protected SSLServerSocketFactory engineGetServerSocketFactory() {
            return delegate.getServerSocketFactory();
        }

        @Override
        protected SSLEngine engineCreateSSLEngine() {
            SSLEngine engine = delegate.createSSLEngine();
            TlsPolicy.apply(engine);
            return engine;
        }

        @Override
        protected SSLEngine engineCreateSSLEngine(String host, int port) {
            SSLEngine engine = delegate.createSSLEngine(host, port);
            TlsPolicy.apply(engine);
            return engine;
        }

        @Override
        protected SSLSessionContext engineGetServerSessionContext() {
            return delegate.getServerSessionContext();
        }

        @Override
        protected SSLSessionContext engineGetClientSessionContext() {
            return delegate.getClientSessionContext();
        }

        @Override
        protected SSLParameters engineGetDefaultSSLParameters() {
            SSLParameters supported = delegate.getSupportedSSLParameters();
            return restricted(delegate.getDefaultSSLParameters(), supported);
        }

        @Override
        protected SSLParameters engineGetSupportedSSLParameters() {
            return delegate.getSupportedSSLParameters();
        }

        private static SSLParameters restricted(SSLParameters parameters, SSLParameters supported) {
            SSLParameters result = TlsPolicy.apply(parameters, Set.of(supported.getCipherSuites()));
            // Clients offer in their own order; only a server may prefer its own.
            result.setUseCipherSuitesOrder(false);
            return result;
        }
    }

    /** Applies the policy to every socket it makes; the handshake starts later, on first use. */
    private static final class PolicySocketFactory extends SSLSocketFactory {

        private final SSLSocketFactory delegate;
        private final String[] suites;

        PolicySocketFactory(SSLSocketFactory delegate, SSLParameters policy) {
            this.delegate = delegate;
            this.suites = policy.getCipherSuites();
        }

        @Override
        public String[] getDefaultCipherSuites() {
            return suites.clone();
        }

        @Override
        public String[] getSupportedCipherSuites() {
            return delegate.getSupportedCipherSuites();
        }

        @Override
        public Socket createSocket() throws IOException {
            return restrict(delegate.createSocket());
        }

        @Override
        public Socket createSocket(Socket socket, String host, int port, boolean autoClose) throws IOException {
            return restrict(delegate.createSocket(socket, host, port, autoClose));
        }

        @Override
        public Socket createSocket(Socket socket, InputStream consumed, boolean autoClose) throws IOException {
            return restrict(delegate.createSocket(socket, consumed, autoClose));
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            return restrict(delegate.createSocket(host, port));
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
            return restrict(delegate.createSocket(host, port, localHost, localPort));
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
            return restrict(delegate.createSocket(host, port));
        }

        @Override
        public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
                throws IOException {
            return restrict(delegate.createSocket(address, port, localAddress, localPort));
        }

        private static Socket restrict(Socket socket) {
            if (socket instanceof SSLSocket tls) {
                TlsPolicy.apply(tls);
            }
            return socket;
        }
    }
}
