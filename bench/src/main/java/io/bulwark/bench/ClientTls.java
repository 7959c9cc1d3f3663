package io.bulwark.bench;

import io.bulwark.hub.tls.PemFiles;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.OpenSslSessionContext;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * The devices' TLS settings, the same for every broker: TLS 1.3 only, the broker's own server certificate pinned
 * (see {@link PinnedServerCertificate} for why not a chain check), no client session cache, and BoringSSL where
 * Netty has it (the driver shares the machine with the broker: native TLS keeps its own cost low).
 */
final class ClientTls {

    private ClientTls() {
    }

    /** Reference-counted BoringSSL: no finalizer per engine (each engine is freed when its connection closes). */
    static SslProvider provider() {
        return OpenSsl.isAvailable() ? SslProvider.OPENSSL_REFCNT : SslProvider.JDK;
    }

    /** @param serverPem the broker's certificate file, its own certificate first (the chain behind it is ignored) */
    static SslContext pinning(Path serverPem) throws IOException {
        return withoutSessionCache(builder(serverPem).build());
    }

    /** The same, presenting {@code certificate} as the device's TLS client certificate. */
    static SslContext pinning(Path serverPem, PrivateKey key, X509Certificate certificate) throws IOException {
        return withoutSessionCache(builder(serverPem).keyManager(key, certificate).build());
    }

    private static SslContextBuilder builder(Path serverPem) throws IOException {
        List<X509Certificate> chain = PemFiles.readCertificates(serverPem);
        if (chain.isEmpty()) {
            throw new IOException("no certificate in " + serverPem);
        }
        return SslContextBuilder.forClient().sslProvider(provider())
                .trustManager(new PinnedServerCertificate(chain.get(0))).protocols("TLSv1.3");
    }

    /**
     * Every timed connect is a full handshake, so a session the broker offers (TLS 1.3 sends tickets after the
     * handshake) is never wanted: with the cache off BoringSSL does not hand each ticket up to Java to be stored.
     */
    private static SslContext withoutSessionCache(SslContext context) {
        if (context.sessionContext() instanceof OpenSslSessionContext sessions) {
            sessions.setSessionCacheEnabled(false);
        }
        return context;
    }
}
