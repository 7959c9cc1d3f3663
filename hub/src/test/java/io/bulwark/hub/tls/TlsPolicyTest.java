package io.bulwark.hub.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsPolicyTest {

    private static final List<String> TLS13_SUITES =
            List.of("TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256");

    @TempDir
    Path dir;

    @Test
    void allowsOnlyTls13And12() { // S-TLS-1
        assertThat(TlsPolicy.protocols()).containsExactly("TLSv1.3", "TLSv1.2");
    }

    @Test
    void allowsOnlyEcdheWithAeadSuites() { // S-TLS-1
        for (String suite : TlsPolicy.cipherSuites()) {
            boolean tls13 = TLS13_SUITES.contains(suite);
            boolean ecdheAead = suite.matches(
                    "TLS_ECDHE_(ECDSA|RSA)_WITH_(AES_(128|256)_GCM_SHA(256|384)|CHACHA20_POLY1305_SHA256)");
            assertThat(tls13 || ecdheAead).as(suite).isTrue();
            assertThat(suite).doesNotContain("CBC", "RC4", "NULL", "EXPORT", "3DES", "_SHA_", "anon");
        }
        assertThat(TlsPolicy.cipherSuites()).containsAll(TLS13_SUITES).hasSize(9);
    }

    @Test
    void restrictsParametersToThePolicy() throws Exception {
        SSLParameters parameters = TlsPolicy.apply(SSLContext.getDefault().getDefaultSSLParameters());
        assertThat(parameters.getProtocols()).containsExactly("TLSv1.3", "TLSv1.2");
        assertThat(parameters.getCipherSuites()).isNotEmpty().isSubsetOf(TlsPolicy.cipherSuites());
        assertThat(parameters.getUseCipherSuitesOrder()).isTrue();
    }

    @Test
    void restrictsAnEngine() throws Exception {
        SSLEngine engine = SSLContext.getDefault().createSSLEngine();
        TlsPolicy.apply(engine);
        assertThat(engine.getEnabledProtocols()).containsExactly("TLSv1.3", "TLSv1.2");
        assertThat(engine.getEnabledCipherSuites()).isNotEmpty().isSubsetOf(TlsPolicy.cipherSuites());
    }

    @Test
    void clientContextCarriesThePolicyIntoEveryEngineAndSocket() throws Exception { // S-TLS-1
        HubCertificateAuthority.loadOrCreate(dir);
        SSLContext client = TrustedHubCa.clientContext(dir.resolve(HubCertificateAuthority.CERTIFICATE_FILE));

        SSLParameters defaults = client.getDefaultSSLParameters();
        assertThat(defaults.getProtocols()).containsExactly("TLSv1.3", "TLSv1.2");
        assertThat(defaults.getCipherSuites()).isSubsetOf(TlsPolicy.cipherSuites());

        SSLEngine engine = client.createSSLEngine("localhost", 443);
        assertThat(engine.getEnabledProtocols()).containsExactly("TLSv1.3", "TLSv1.2");
        assertThat(engine.getEnabledCipherSuites()).isSubsetOf(TlsPolicy.cipherSuites());

        try (SSLSocket socket = (SSLSocket) client.getSocketFactory().createSocket()) {
            assertThat(socket.getEnabledProtocols()).containsExactly("TLSv1.3", "TLSv1.2");
            assertThat(socket.getEnabledCipherSuites()).isSubsetOf(TlsPolicy.cipherSuites());
        }
        assertThat(client.getSocketFactory().getDefaultCipherSuites()).isSubsetOf(TlsPolicy.cipherSuites());
        assertThat(Set.of(TlsPolicy.PROTOCOLS)).doesNotContain("TLSv1.1", "TLSv1", "SSLv3");
    }
}
