package io.bulwark.hub.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bulwark.hub.ServiceClient;
import io.bulwark.hub.tls.TrustedHubCa;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** S-TLS-1 for the HTTPS listener: one TLS connector, no plaintext, only the hub's TLS versions and AEAD suites. */
class HttpsOnlyTest {

    @TempDir
    static Path dir;
    static ApiFixture hub;
    static ServiceClient owner;

    @BeforeAll
    static void start() {
        hub = ApiFixture.start(dir);
        owner = hub.client("iothubowner");
    }

    @AfterAll
    static void stop() {
        hub.close();
    }

    @Test
    void theOnlyConnectorIsTheTlsOne() {
        // S-TLS-1: Javalin adds a plaintext connector of its own when none is configured; ours must be the only one.
        Connector[] connectors = hub.api.jettyServer().getConnectors();
        assertThat(connectors).hasSize(1);
        ServerConnector connector = (ServerConnector) connectors[0];
        assertThat(connector.getDefaultProtocol()).isEqualToIgnoringCase("ssl");
        assertThat(connector.getProtocols()).containsExactly("ssl", "http/1.1");
        assertThat(connector.getLocalPort()).isEqualTo(hub.api.port());
    }

    @Test
    void aPlainHttpRequestIsNotAnsweredWithHttp() throws IOException {
        // S-TLS-1
        try (Socket socket = new Socket("127.0.0.1", hub.api.port())) {
            socket.setSoTimeout(5000);
            socket.getOutputStream().write("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            String answer = new String(readWhatComes(socket.getInputStream()), StandardCharsets.ISO_8859_1);
            assertThat(answer).doesNotContain("HTTP/").doesNotContain("status");
        }
    }

    @Test
    void tlsWithACbcSuiteIsRefused() throws IOException {
        // S-TLS-1: CBC suites are offered by default by older clients; the hub must not accept any.
        try (SSLSocket socket = clientSocket()) {
            socket.setEnabledProtocols(new String[] {"TLSv1.2"});
            socket.setEnabledCipherSuites(new String[] {
                    "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384",
                    "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256"});
            assertThatThrownBy(socket::startHandshake).isInstanceOf(SSLException.class);
        }
    }

    @Test
    void tls12WithAnAeadSuiteIsAcceptedAndModernClientsGetTls13() throws IOException {
        try (SSLSocket socket = clientSocket()) {
            socket.setEnabledProtocols(new String[] {"TLSv1.2"});
            socket.setEnabledCipherSuites(new String[] {"TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"});
            socket.startHandshake();
            assertThat(socket.getSession().getProtocol()).isEqualTo("TLSv1.2");
        }
        try (SSLSocket socket = clientSocket()) {
            socket.startHandshake();
            assertThat(socket.getSession().getProtocol()).isEqualTo("TLSv1.3");
        }
    }

    @Test
    void everyAnswerCarriesTheSecurityHeadersAndNoServerVersion() {
        List<HttpResponse<String>> answers = List.of(
                owner.send(owner.unauthenticated("/health").GET()),
                owner.send(owner.unauthenticated("/devices").GET()),
                owner.get("/devices"),
                owner.get("/no/such/route"),
                owner.get("/devices/missing"));
        assertThat(answers).extracting(HttpResponse::statusCode).containsExactly(200, 401, 200, 404, 404);
        for (HttpResponse<String> answer : answers) {
            assertThat(answer.headers().firstValue("Strict-Transport-Security")).hasValueSatisfying(
                    value -> assertThat(value).startsWith("max-age="));
            assertThat(answer.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
            assertThat(answer.headers().firstValue("Cache-Control")).contains("no-store");
            assertThat(answer.headers().firstValue("Server")).isEmpty();
            assertThat(answer.headers().firstValue("X-Powered-By")).isEmpty();
        }
    }

    @Test
    void requestsJettyRefusesBeforeTheApiStillGetAProblemDocument() {
        HttpResponse<String> answer = owner.send(owner.request("/devices")
                .header("X-Padding", "p".repeat(20_000)).GET());
        assertThat(answer.statusCode()).isEqualTo(431);
        assertThat(answer.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(answer.body()).contains("urn:bulwark:problem:headers-too-large").doesNotContain("ppppp");
        // S-OP-3: Jetty's own answers carry the same security headers as the API's.
        assertThat(answer.headers().firstValue("Strict-Transport-Security")).contains("max-age=31536000");
        assertThat(answer.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
    }

    private static SSLSocket clientSocket() throws IOException {
        SSLSocket socket = (SSLSocket) TrustedHubCa.clientContext(hub.caCertificate()).getSocketFactory()
                .createSocket("127.0.0.1", hub.api.port());
        socket.setSoTimeout(5000);
        return socket;
    }

    /** Whatever the server sends until it closes or goes quiet (a TLS alert, or nothing). */
    private static byte[] readWhatComes(InputStream in) throws IOException {
        ByteArrayOutputStream seen = new ByteArrayOutputStream();
        byte[] buffer = new byte[1024];
        try {
            for (int n = in.read(buffer); n >= 0 && seen.size() < 64 * 1024; n = in.read(buffer)) {
                seen.write(buffer, 0, n);
            }
        } catch (SocketTimeoutException | java.net.SocketException quietOrReset) {
            // Either is a refusal: what matters is that no HTTP answer came.
        }
        return seen.toByteArray();
    }
}
