package io.bulwark.hub.mqtt;

import io.bulwark.hub.tls.AnyClientChainTrustManager;
import io.bulwark.hub.tls.ServerIdentity;
import io.bulwark.hub.tls.TlsPolicy;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.SSLException;

/**
 * The MQTT listener's TLS: BoringSSL (netty-tcnative) where its native library loads, since its handshakes cost a
 * fraction of the JDK's and a connect storm is mostly handshakes; the JDK's TLS otherwise. Either engine gets the same
 * policy (S-TLS-1): TLS 1.3 and 1.2, ECDHE with AEAD suites only. BoringSSL's TLS 1.3 suites are fixed by the library
 * and are all AEAD; its TLS 1.2 suites are limited to ours by name.
 *
 * <p>Client certificates are requested, not required, so SAS devices connect without one while X.509 devices present
 * theirs; the chain is judged after CONNECT (see {@link AnyClientChainTrustManager} for why).
 */
public final class MqttServerTls {

    private MqttServerTls() {
    }

    /**
     * BoringSSL when it is usable on this machine, unless {@code nativeAllowed} is false. The reference-counted
     * flavour: each connection's engine frees its native state when its {@code SslHandler} leaves the pipeline (the
     * connection closed), where the other flavour gives every engine a finalizer, so that each connect also costs
     * the garbage collector a finalization round before the memory comes back. The context is released by its owner.
     */
    public static SslProvider bestProvider(boolean nativeAllowed) {
        return nativeAllowed && OpenSsl.isAvailable() ? SslProvider.OPENSSL_REFCNT : SslProvider.JDK;
    }

    public static SslContext context(ServerIdentity identity, SslProvider provider) {
        try {
            KeyStore store = identity.keyStore();
            PrivateKey key = (PrivateKey) store.getKey("hub", identity.keyStorePassword());
            X509Certificate[] chain = Arrays.stream(store.getCertificateChain("hub"))
                    .map(X509Certificate.class::cast).toArray(X509Certificate[]::new);
            return SslContextBuilder.forServer(key, chain)
                    .sslProvider(provider)
                    .clientAuth(ClientAuth.OPTIONAL)
                    .trustManager(new AnyClientChainTrustManager())
                    .protocols(TlsPolicy.PROTOCOLS)
                    .ciphers(List.of(TlsPolicy.CIPHER_SUITES), SupportedCipherSuiteFilter.INSTANCE)
                    .build();
        } catch (SSLException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot build the MQTT TLS context (" + provider + ")", e);
        }
    }
}
