package io.bulwark.device.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * S-TLS-2 on the client side, against a plain TLS server on loopback: the host name the client dials must be in the
 * server certificate's SAN, even when that certificate chains to the pinned CA.
 */
class ClientTlsTest {

    private static final String PASSWORD = "server-store";

    @TempDir
    Path folder;

    @Test
    void refusesAServerCertificateWithoutTheDialledHostInItsSan() throws Exception {
        List<ConnectionStateChange> states = connectTo(serverStore("dns:other.example.com"));
        ConnectionStateChange failed = states.stream().filter(s -> s.state() == ConnectionState.DISCONNECTED)
                .findFirst().orElseThrow();
        assertThat(failed.reason()).isEqualTo(ConnectionStateChange.Reason.CONNECT_FAILED);
        assertThat(failed.detail()).contains("127.0.0.1").containsIgnoringCase("subject alternative name");
    }

    @Test
    void acceptsAServerCertificateNamingTheDialledAddress() throws Exception {
        Path store = serverStore("ip:127.0.0.1");
        try (SSLServerSocket server = server(store)) {
            CompletableFuture<Integer> firstByte = CompletableFuture.supplyAsync(() -> {
                try (SSLSocket socket = (SSLSocket) server.accept()) {
                    socket.startHandshake();
                    return socket.getInputStream().read();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            try (DeviceClient client = client(store, server.getLocalPort())) {
                client.open();
                // 0x10: the client's CONNECT, sent only after the handshake and its host-name check passed.
                assertThat(firstByte.get(20, TimeUnit.SECONDS)).isEqualTo(0x10);
            }
        }
    }

    private List<ConnectionStateChange> connectTo(Path store) throws Exception {
        List<ConnectionStateChange> states = new CopyOnWriteArrayList<>();
        try (SSLServerSocket server = server(store)) {
            CompletableFuture.runAsync(() -> {
                try (SSLSocket socket = (SSLSocket) server.accept()) {
                    socket.startHandshake();
                } catch (Exception expected) {
                    // the client aborts the handshake
                }
            });
            try (DeviceClient client = client(store, server.getLocalPort())) {
                client.onConnectionStateChanged(states::add);
                client.open();
                Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> states.stream()
                        .anyMatch(s -> s.state() == ConnectionState.DISCONNECTED));
            }
        }
        return states;
    }

    private DeviceClient client(Path store, int port) throws Exception {
        return DeviceClient.builder()
                .connectionString("HostName=127.0.0.1;DeviceId=d1;SharedAccessKey=c2VjcmV0LWtleS1vZi10aGUtZGV2aWNl")
                .port(port).trust(HubTrust.pinned(List.of(certificate(store))))
                .reconnectBackoff(Duration.ofSeconds(30), Duration.ofSeconds(60)).build();
    }

    private Path serverStore(String san) throws Exception {
        Path store = folder.resolve("server-" + san.replace(':', '-') + ".p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=hub",
                "-ext", "SAN=" + san, "-validity", "2", "-storetype", "PKCS12", "-keystore", store.toString(),
                "-storepass", PASSWORD, "-keypass", PASSWORD).redirectErrorStream(true).start();
        assertThat(keytool.waitFor()).as(new String(keytool.getInputStream().readAllBytes())).isZero();
        return store;
    }

    private static X509Certificate certificate(Path store) throws Exception {
        KeyStore keys = load(store);
        return (X509Certificate) keys.getCertificate("server");
    }

    private static SSLServerSocket server(Path store) throws Exception {
        KeyManagerFactory managers = KeyManagerFactory.getInstance("PKIX");
        managers.init(load(store), PASSWORD.toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(managers.getKeyManagers(), null, null);
        return (SSLServerSocket) context.getServerSocketFactory().createServerSocket(0, 5,
                InetAddress.getLoopbackAddress());
    }

    private static KeyStore load(Path store) throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keys.load(in, PASSWORD.toCharArray());
        }
        return keys;
    }
}
