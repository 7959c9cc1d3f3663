package io.bulwark.bench;

import java.security.KeyManagementException;
import java.security.SecureRandom;
import java.util.concurrent.atomic.LongAdder;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;

/**
 * An initialised {@link SSLContext} that counts the engines made from it. The JDK HttpClient makes one engine per
 * TLS connection it opens, and says nothing else about its connections: the count is how many connections (each a
 * full handshake on the broker's CPU) the driver opened.
 */
final class CountingSslContext extends SSLContext {

    private final LongAdder engines;

    private CountingSslContext(SSLContext delegate, LongAdder engines) {
        super(new Counting(delegate, engines), delegate.getProvider(), delegate.getProtocol());
        this.engines = engines;
    }

    static CountingSslContext around(SSLContext delegate) {
        return new CountingSslContext(delegate, new LongAdder());
    }

    /** Engines made so far: connections opened, or at least attempted. */
    long engines() {
        return engines.sum();
    }

    private static final class Counting extends SSLContextSpi {

        private final SSLContext delegate;
        private final LongAdder engines;

        Counting(SSLContext delegate, LongAdder engines) {
            this.delegate = delegate;
            this.engines = engines;
        }

        @Override
        protected void engineInit(KeyManager[] keys, TrustManager[] trust, SecureRandom random)
                throws KeyManagementException {
            throw new KeyManagementException("already initialised: the wrapped context's settings are kept");
        }

        @Override
        protected SSLEngine engineCreateSSLEngine() {
            engines.increment();
            return delegate.createSSLEngine();
        }

        @Override
        protected SSLEngine engineCreateSSLEngine(String host, int port) {
            engines.increment();
            return delegate.createSSLEngine(host, port);
        }

        @Override
        protected SSLSocketFactory engineGetSocketFactory() {
            throw new UnsupportedOperationException("the driver's REST client uses engines only: sockets are not counted");
        }

        @Override
        protected SSLServerSocketFactory engineGetServerSocketFactory() {
            throw new UnsupportedOperationException("the driver is a client only");
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
            return delegate.getDefaultSSLParameters();
        }

        @Override
        protected SSLParameters engineGetSupportedSSLParameters() {
            return delegate.getSupportedSSLParameters();
        }
    }
}
