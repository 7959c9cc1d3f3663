package io.bulwark.bench;

import io.bulwark.hub.tls.PemFiles;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;

/**
 * The devices' TLS settings, the same for every broker: TLS 1.3 only, the broker's CA as the one trust anchor, and
 * BoringSSL where Netty has it (the driver shares the machine with the broker: native TLS keeps its own cost low).
 */
final class ClientTls {

    private ClientTls() {
    }

    static SslProvider provider() {
        return OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK;
    }

    static SslContextBuilder trusting(Path caPem) throws IOException {
        X509Certificate[] anchors = PemFiles.readCertificates(caPem).toArray(new X509Certificate[0]);
        return SslContextBuilder.forClient().sslProvider(provider()).trustManager(anchors).protocols("TLSv1.3");
    }
}
