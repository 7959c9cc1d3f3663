package io.bulwark.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * S-TLS-1: a TLS scan of the hub's HTTPS port with an independent client, OpenSSL's {@code s_client}: only TLS 1.2 and
 * 1.3 with ECDHE and AEAD suites complete a handshake; nothing answers in plaintext.
 */
class TlsScanTest {

    @TempDir
    static Path data;
    static HubProcess hub;

    @BeforeAll
    static void startHub() throws Exception {
        hub = HubProcess.start(data);
    }

    @AfterAll
    static void stopHub() throws Exception {
        hub.close();
    }

    @ParameterizedTest(name = "{0} {1} -> handshake {2}")
    @CsvSource({
            "-tls1_3, '', true",
            "-tls1_2, ECDHE-ECDSA-AES128-GCM-SHA256, true",
            "-tls1_2, ECDHE-ECDSA-CHACHA20-POLY1305, true",
            "-tls1_2, ECDHE-ECDSA-AES128-SHA, false",
            "-tls1_2, ECDHE-ECDSA-AES256-SHA384, false",
            "-tls1_2, AES128-GCM-SHA256, false",
            "-tls1_2, AES128-SHA, false",
            "-tls1_2, NULL-SHA256, false",
            "-tls1_2, RC4-SHA, false",
            "-tls1_1, '', false",
            "-tls1, '', false",
    })
    void onlyModernSuitesCompleteAHandshake(String protocol, String cipher, boolean expected) throws Exception {
        assertThat(handshake(protocol, cipher)).isEqualTo(expected);
    }

    @Test
    void plaintextHttpGetsNoHttpAnswer() throws Exception {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", hub.httpsPort()), 5_000);
            socket.setSoTimeout(5_000);
            OutputStream out = socket.getOutputStream();
            out.write("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String answer = readSome(socket.getInputStream());
            assertThat(answer).doesNotContain("\"status\"").doesNotStartWith("HTTP/1.1 200");
        }
    }

    private static String readSome(InputStream in) throws IOException {
        byte[] buffer = new byte[512];
        try {
            int n = in.read(buffer);
            return n <= 0 ? "" : new String(buffer, 0, n, StandardCharsets.ISO_8859_1);
        } catch (SocketTimeoutException | java.net.SocketException closed) {
            return "";
        }
    }

    /** Runs {@code openssl s_client}; a completed handshake prints the negotiated cipher. */
    private static boolean handshake(String protocol, String cipher) throws Exception {
        List<String> command = new ArrayList<>(List.of("openssl", "s_client", "-connect",
                "127.0.0.1:" + hub.httpsPort(), protocol, "-CAfile", hub.folder().caCertificate().toString()));
        if (!cipher.isEmpty()) {
            // SECLEVEL=0 lets OpenSSL offer the weak suite at all: the point is whether the hub accepts it.
            command.addAll(List.of("-cipher", cipher + ":@SECLEVEL=0"));
        } else if (!protocol.equals("-tls1_3")) {
            command.addAll(List.of("-cipher", "DEFAULT:@SECLEVEL=0"));
        }
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
        return output.contains("Verify return code: 0 (ok)") && !output.contains("Cipher is (NONE)")
                && !output.contains("Cipher    : 0000");
    }
}
