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
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import io.netty.channel.epoll.Epoll;
import io.netty.handler.ssl.OpenSsl;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * S-TLS-1: a TLS scan with an independent client, OpenSSL's {@code s_client}, of every port the hub listens on: HTTPS
 * (Jetty, JDK TLS), MQTT with the TLS engine the hub picks on this machine (BoringSSL where it loads), and MQTT with
 * the JDK fallback ({@code BULWARK_NATIVE_IO=off}). On each, only TLS 1.2 and 1.3 with ECDHE and AEAD suites complete
 * a handshake; nothing answers in plaintext.
 */
class TlsScanTest {

    @TempDir
    static Path data;
    @TempDir
    static Path jdkData;
    static HubProcess hub;
    static HubProcess jdkHub;

    @BeforeAll
    static void startHubs() throws Exception {
        hub = HubProcess.start(data);
        jdkHub = HubProcess.start(jdkData, Map.of("BULWARK_NATIVE_IO", "off"));
    }

    @AfterAll
    static void stopHubs() throws Exception {
        hub.close();
        jdkHub.close();
    }

    /** The ports to scan, by name: what the test report shows. */
    private static int port(String target) {
        return switch (target) {
            case "https" -> hub.httpsPort();
            case "mqtt" -> hub.mqttPort();
            case "mqtt-jdk-tls" -> jdkHub.mqttPort();
            default -> throw new IllegalArgumentException(target);
        };
    }

    private static HubProcess owner(String target) {
        return target.equals("mqtt-jdk-tls") ? jdkHub : hub;
    }

    static Stream<Arguments> scan() {
        List<Arguments> cases = new ArrayList<>();
        Object[][] handshakes = {
                {"-tls1_3", "", true},
                {"-tls1_2", "ECDHE-ECDSA-AES128-GCM-SHA256", true},
                {"-tls1_2", "ECDHE-ECDSA-CHACHA20-POLY1305", true},
                {"-tls1_2", "ECDHE-ECDSA-AES128-SHA", false},
                {"-tls1_2", "ECDHE-ECDSA-AES256-SHA384", false},
                {"-tls1_2", "AES128-GCM-SHA256", false},
                {"-tls1_2", "AES128-SHA", false},
                {"-tls1_2", "NULL-SHA256", false},
                {"-tls1_2", "RC4-SHA", false},
                {"-tls1_1", "", false},
                {"-tls1", "", false},
        };
        for (String target : List.of("https", "mqtt", "mqtt-jdk-tls")) {
            for (Object[] handshake : handshakes) {
                cases.add(Arguments.of(target, handshake[0], handshake[1], handshake[2]));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} {1} {2} -> handshake {3}")
    @MethodSource("scan")
    void onlyModernSuitesCompleteAHandshake(String target, String protocol, String cipher, boolean expected)
            throws Exception {
        assertThat(handshake(owner(target), port(target), protocol, cipher)).isEqualTo(expected);
    }

    @Test
    void mqttUsesBoringSslAndEpollWhereTheyLoadAndTheJdkWhenToldNotTo() throws Exception {
        String expected = (Epoll.isAvailable() ? "epoll" : "nio") + ", "
                + (OpenSsl.isAvailable() ? "BoringSSL" : "JDK TLS");
        System.out.println("TlsScanTest: this machine's MQTT engine is " + expected);
        assertThat(hub.output()).contains("mqtts://127.0.0.1:" + hub.mqttPort() + " (" + expected + ")");
        assertThat(jdkHub.output()).contains("mqtts://127.0.0.1:" + jdkHub.mqttPort() + " (nio, JDK TLS)");
    }

    @Test
    void plaintextMqttGetsNoConnack() throws Exception {
        for (HubProcess target : List.of(hub, jdkHub)) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", target.mqttPort()), 5_000);
                socket.setSoTimeout(5_000);
                OutputStream out = socket.getOutputStream();
                // A well-formed MQTT 3.1.1 CONNECT in the clear: client id "x", clean session, keep-alive 60.
                out.write(new byte[] {0x10, 13, 0, 4, 'M', 'Q', 'T', 'T', 4, 2, 0, 60, 0, 1, 'x'});
                out.flush();
                String answer = readSome(socket.getInputStream());
                // A CONNACK would start with the byte 0x20; a TLS server answers with an alert record or nothing.
                assertThat(answer.isEmpty() || answer.charAt(0) != 0x20).as("no CONNACK in the clear").isTrue();
            }
        }
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
    private static boolean handshake(HubProcess target, int port, String protocol, String cipher) throws Exception {
        List<String> command = new ArrayList<>(List.of("openssl", "s_client", "-connect",
                "127.0.0.1:" + port, protocol, "-CAfile", target.folder().caCertificate().toString()));
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
