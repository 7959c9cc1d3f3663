package io.bulwark.hub.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.util.Set;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real handshakes on 127.0.0.1 between the hub's server identity and clients pinned to a hub CA. */
class TlsHandshakeTest {

    private static final int ALERT = 21;
    private static final int FATAL = 2;
    private static final int HANDSHAKE_FAILURE = 40;
    private static final int PROTOCOL_VERSION = 70;

    @TempDir
    Path dir;

    private ServerIdentity server;
    private SSLContext client;

    @BeforeEach
    void startHub() {
        server = ServerIdentity.loadOrIssue(dir, HubCertificateAuthority.loadOrCreate(dir), Set.of("hub.example.com"));
        client = TrustedHubCa.clientContext(dir.resolve(HubCertificateAuthority.CERTIFICATE_FILE));
    }

    @Test
    void clientPinnedToTheHubCaConnectsAsLocalhostOverTls13() throws Exception { // S-TLS-2
        try (OneConnectionTlsServer listener = OneConnectionTlsServer.start(server.serverSslContext())) {
            assertThat(connect(client, listener.port(), "localhost")).isEqualTo("TLSv1.3");
            assertThat(listener.negotiatedProtocol()).isEqualTo("TLSv1.3");
        }
    }

    @Test
    void clientPinnedToTheHubCaConnectsAs127001OverTls13() throws Exception { // S-TLS-2
        try (OneConnectionTlsServer listener = OneConnectionTlsServer.start(server.serverSslContext())) {
            assertThat(connect(client, listener.port(), "127.0.0.1")).isEqualTo("TLSv1.3");
        }
    }

    @Test
    void ipv6LoopbackAndConfiguredNamesAlsoVerify() throws Exception { // S-TLS-2
        for (String name : new String[] {"::1", "hub.example.com"}) {
            try (OneConnectionTlsServer listener = OneConnectionTlsServer.start(server.serverSslContext())) {
                assertThat(connect(client, listener.port(), name)).as(name).isEqualTo("TLSv1.3");
            }
        }
    }

    @Test
    void tls12WithAnEcdheAeadSuiteIsStillAccepted() throws Exception { // S-TLS-1
        try (OneConnectionTlsServer listener = OneConnectionTlsServer.start(server.serverSslContext())) {
            assertThat(connect(client, listener.port(), "localhost", "TLSv1.2")).isEqualTo("TLSv1.2");
        }
    }

    @Test
    void aNameNotInTheCertificateFailsHostNameVerification() throws Exception { // S-TLS-2
        try (OneConnectionTlsServer listener = OneConnectionTlsServer.start(server.serverSslContext())) {
            assertThatThrownBy(() -> connect(client, listener.port(), "evil.example.com"))
                    .isInstanceOf(SSLHandshakeException.class).hasRootCauseInstanceOf(CertificateException.class);
        }
    }

    @Test
    void clientTrustingAnotherHubsCaRefusesThisHub() throws Exception { // S-TLS-2, S-AUTH-2
        Path other = dir.resolve("other-hub");
        HubCertificateAuthority.loadOrCreate(other);
        SSLContext pinnedElsewhere =
                TrustedHubCa.clientContext(other.resolve(HubCertificateAuthority.CERTIFICATE_FILE));
        try (OneConnectionTlsServer listener = OneConnectionTlsServer.start(server.serverSslContext())) {
            assertThatThrownBy(() -> connect(pinnedElsewhere, listener.port(), "localhost"))
                    .isInstanceOf(SSLHandshakeException.class);
        }
    }

    @Test
    void clientWithoutTheHubCaRefusesThisHubEvenWithSystemRoots() throws Exception { // S-TLS-2
        try (OneConnectionTlsServer listener = OneConnectionTlsServer.start(server.serverSslContext())) {
            assertThatThrownBy(() -> connect(SSLContext.getDefault(), listener.port(), "localhost"))
                    .isInstanceOf(SSLHandshakeException.class);
        }
    }

    @Test
    void serverRefusesTls11() throws Exception { // S-TLS-1
        // Hand-written, because this JDK's own client will not even offer TLS 1.1.
        byte[] hello = clientHello(0x0302, 0xC009, 0xC013, 0x002F);
        try (OneConnectionTlsServer listener = OneConnectionTlsServer.start(server.serverSslContext())) {
            assertThat(rawAnswer(listener.port(), hello)).containsExactly(ALERT, FATAL, PROTOCOL_VERSION);
        }
    }

    @Test
    void serverRefusesTls12WithoutForwardSecrecyOrAead() throws Exception { // S-TLS-1
        // RSA key transport with GCM, ECDHE with CBC-SHA256 and CBC-SHA1: each is off the policy.
        byte[] hello = clientHello(0x0303, 0x009C, 0xC023, 0xC027, 0xC013);
        try (OneConnectionTlsServer listener = OneConnectionTlsServer.start(server.serverSslContext())) {
            assertThat(rawAnswer(listener.port(), hello)).containsExactly(ALERT, FATAL, HANDSHAKE_FAILURE);
        }
    }

    /** Connects to 127.0.0.1 but verifies the certificate against {@code hostName}, as a client dialling it would. */
    private static String connect(SSLContext context, int port, String hostName, String... protocols)
            throws IOException {
        try (Socket plain = new Socket(OneConnectionTlsServer.LOOPBACK, port);
             SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(plain, hostName, port, true)) {
            SSLParameters parameters = tls.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            if (protocols.length > 0) {
                parameters.setProtocols(protocols);
            }
            tls.setSSLParameters(parameters);
            tls.setSoTimeout(5_000);
            OutputStream out = tls.getOutputStream();
            out.write(42);
            out.flush();
            assertThat(tls.getInputStream().read()).isEqualTo(42);
            return tls.getSession().getProtocol();
        }
    }

    /** Sends one ClientHello and returns the record type, alert level and alert description of the answer. */
    private static int[] rawAnswer(int port, byte[] hello) throws IOException {
        try (Socket socket = new Socket(OneConnectionTlsServer.LOOPBACK, port)) {
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write(hello);
            socket.getOutputStream().flush();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            byte[] header = new byte[5];
            in.readFully(header);
            byte[] alert = new byte[2];
            in.readFully(alert);
            return new int[] {header[0] & 0xff, alert[0] & 0xff, alert[1] & 0xff};
        }
    }

    /** A minimal ClientHello offering P-256 ECDHE, so that only the version or the suites can be objected to. */
    private static byte[] clientHello(int version, int... suites) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(body);
        out.writeShort(version);
        out.write(new byte[32]);
        out.writeByte(0);
        out.writeShort(suites.length * 2);
        for (int suite : suites) {
            out.writeShort(suite);
        }
        out.writeByte(1);
        out.writeByte(0);
        byte[] extensions = {
                0x00, 0x0a, 0x00, 0x04, 0x00, 0x02, 0x00, 0x17, // supported_groups: secp256r1
                0x00, 0x0b, 0x00, 0x02, 0x01, 0x00,             // ec_point_formats: uncompressed
                0x00, 0x0d, 0x00, 0x04, 0x00, 0x02, 0x04, 0x03, // signature_algorithms: ecdsa_secp256r1_sha256
        };
        out.writeShort(extensions.length);
        out.write(extensions);

        ByteArrayOutputStream record = new ByteArrayOutputStream();
        DataOutputStream framed = new DataOutputStream(record);
        framed.writeByte(22);
        framed.writeShort(0x0301);
        framed.writeShort(body.size() + 4);
        framed.writeByte(1);
        framed.writeByte(0);
        framed.writeShort(body.size());
        body.writeTo(framed);
        return record.toByteArray();
    }
}
