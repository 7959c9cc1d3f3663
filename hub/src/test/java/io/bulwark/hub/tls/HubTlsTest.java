package io.bulwark.hub.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bulwark.hub.secrets.OwnerOnlyFiles;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HubTlsTest {

    @TempDir
    Path dir;

    @Test
    void caAndServerKeysAreOwnerOnlyAndReused() throws Exception {
        HubCertificateAuthority ca = HubCertificateAuthority.loadOrCreate(dir);
        ServerIdentity server = ServerIdentity.loadOrIssue(dir, ca, Set.of("hub.example.com"));
        for (String file : List.of("ca.key.pem", "ca.crt.pem", "server.key.pem", "server.crt.pem")) {
            assertThat(Files.getPosixFilePermissions(dir.resolve(file))).as(file).isEqualTo(OwnerOnlyFiles.FILE);
        }
        assertThat(Files.readString(dir.resolve("ca.key.pem"))).startsWith("-----BEGIN PRIVATE KEY-----");

        HubCertificateAuthority again = HubCertificateAuthority.loadOrCreate(dir);
        assertThat(again.certificate()).isEqualTo(ca.certificate());
        assertThat(ServerIdentity.loadOrIssue(dir, again, Set.of("hub.example.com")).certificate())
                .isEqualTo(server.certificate());
    }

    @Test
    void caIsAConstrainedEcP256Authority() {
        X509Certificate ca = HubCertificateAuthority.loadOrCreate(dir).certificate();
        assertThat(ca.getBasicConstraints()).isEqualTo(0);
        assertThat(ca.getPublicKey().getAlgorithm()).isEqualTo("EC");
        assertThat(ca.getSigAlgName()).isEqualTo("SHA256withECDSA");
        assertThat(ca.getKeyUsage()[5]).as("keyCertSign").isTrue();
    }

    @Test
    void twoFreshHubsHaveDifferentCas() { // S-AUTH-2
        X509Certificate a = HubCertificateAuthority.loadOrCreate(dir.resolve("a")).certificate();
        X509Certificate b = HubCertificateAuthority.loadOrCreate(dir.resolve("b")).certificate();
        assertThat(a.getPublicKey()).isNotEqualTo(b.getPublicKey());
    }

    @Test
    void serverCertificateNamesConfiguredHostsAndLoopback() throws Exception { // S-TLS-2
        ServerIdentity server = ServerIdentity.loadOrIssue(dir, HubCertificateAuthority.loadOrCreate(dir),
                Set.of("hub.example.com", "10.1.2.3"));
        assertThat(server.subjectAlternativeNames())
                .containsExactlyInAnyOrder("hub.example.com", "10.1.2.3", "localhost", "127.0.0.1", "0:0:0:0:0:0:0:1");
        List<Integer> types = server.certificate().getSubjectAlternativeNames().stream()
                .map(san -> (Integer) san.get(0)).toList();
        assertThat(types).containsOnly(2, 7);
        assertThat(server.certificate().getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
    }

    @Test
    void reissuesOnlyWhenHostNamesChange() {
        HubCertificateAuthority ca = HubCertificateAuthority.loadOrCreate(dir);
        X509Certificate first = ServerIdentity.loadOrIssue(dir, ca, Set.of("a.example.com")).certificate();
        assertThat(ServerIdentity.loadOrIssue(dir, ca, Set.of("A.example.com")).certificate()).isEqualTo(first);
        X509Certificate second = ServerIdentity.loadOrIssue(dir, ca, Set.of("b.example.com")).certificate();
        assertThat(second).isNotEqualTo(first);
    }

    @Test
    void clientTrustingTheHubCaVerifiesHostNames() throws Exception { // S-TLS-2
        ServerIdentity server = ServerIdentity.loadOrIssue(dir, HubCertificateAuthority.loadOrCreate(dir), Set.of());
        SSLContext client = TrustedHubCa.clientContext(dir.resolve("ca.crt.pem"));
        assertThat(handshake(server.serverSslContext(), client, "localhost", "TLSv1.3")).isEqualTo("TLSv1.3");
        assertThat(handshake(server.serverSslContext(), client, "127.0.0.1", "TLSv1.2")).isEqualTo("TLSv1.2");
        assertThatThrownBy(() -> handshake(server.serverSslContext(), client, "evil.example.com", "TLSv1.3"))
                .hasRootCauseInstanceOf(java.security.cert.CertificateException.class);
    }

    @Test
    void clientTrustingAnotherHubRefusesThisOne() throws Exception { // S-TLS-2: the CA is pinned
        ServerIdentity server = ServerIdentity.loadOrIssue(dir, HubCertificateAuthority.loadOrCreate(dir), Set.of());
        Path other = dir.resolve("other");
        HubCertificateAuthority.loadOrCreate(other);
        SSLContext client = TrustedHubCa.clientContext(other.resolve("ca.crt.pem"));
        assertThatThrownBy(() -> handshake(server.serverSslContext(), client, "localhost", "TLSv1.3"))
                .isInstanceOf(SSLHandshakeException.class);
    }

    @Test
    void policyOffersOnlyModernProtocolsAndAeadSuites() { // S-TLS-1
        assertThat(TlsPolicy.protocols()).containsExactly("TLSv1.3", "TLSv1.2");
        assertThat(TlsPolicy.cipherSuites()).allMatch(s -> s.contains("GCM") || s.contains("CHACHA20"))
                .allMatch(s -> s.startsWith("TLS_AES") || s.startsWith("TLS_CHACHA") || s.startsWith("TLS_ECDHE"));
    }

    /** A one-connection TLS server using the hub's policy, and a client with host name verification on. */
    private static String handshake(SSLContext serverContext, SSLContext clientContext, String host, String protocol)
            throws Exception {
        try (SSLServerSocket listener = (SSLServerSocket) serverContext.getServerSocketFactory()
                .createServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            listener.setSSLParameters(TlsPolicy.apply(listener.getSSLParameters(),
                    Set.of(listener.getSupportedCipherSuites())));
            CompletableFuture<Void> served = CompletableFuture.runAsync(() -> {
                try (SSLSocket accepted = (SSLSocket) listener.accept()) {
                    accepted.setSoTimeout(5_000);
                    InputStream in = accepted.getInputStream();
                    accepted.getOutputStream().write(in.read());
                } catch (Exception ignored) {
                    // the client side reports the failure
                }
            });
            try (java.net.Socket plain = new java.net.Socket(java.net.InetAddress.getLoopbackAddress(),
                    listener.getLocalPort());
                 // Layered with the name under test: host name verification checks the name we connect "as".
                 SSLSocket named = (SSLSocket) clientContext.getSocketFactory().createSocket(plain, host,
                         listener.getLocalPort(), true)) {
                SSLParameters parameters = named.getSSLParameters();
                parameters.setEndpointIdentificationAlgorithm("HTTPS");
                parameters.setProtocols(new String[] {protocol});
                named.setSSLParameters(parameters);
                named.setSoTimeout(5_000);
                OutputStream out = named.getOutputStream();
                out.write(42);
                out.flush();
                assertThat(named.getInputStream().read()).isEqualTo(42);
                String negotiated = named.getSession().getProtocol();
                return negotiated;
            }
        }
    }
}
