package io.bulwark.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.bulwark.device.client.ConnectionState;
import io.bulwark.device.client.ConnectionStateChange;
import io.bulwark.device.client.DeviceClient;
import io.bulwark.device.client.DeviceMessage;
import io.bulwark.device.client.HubTrust;
import io.bulwark.hub.x509.TestCertificates;
import io.bulwark.hub.x509.TestCertificates.Issued;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The SDK with an X.509 identity from a PKCS#12 key store, and the pinning of the hub CA (S-TLS-2). */
class DeviceSdkX509Test extends X509HubTest {

    private static final char[] PASSWORD = "store-password".toCharArray();

    @Test
    void caSignedDeviceConnectsFromItsKeyStoreAndSendsTelemetry() throws Exception {
        createCaDevice("x509-sensor");
        Issued leaf = TestCertificates.certificate("x509-sensor").issuedBy(fleetCa).build();
        Path store = keyStore(leaf, fleetCa);
        try (DeviceClient client = DeviceClient.builder().x509(store, PASSWORD).hostName("127.0.0.1")
                .port(hub.mqttPort()).hubCa(ca).build()) {
            assertThat(client.deviceId()).as("the certificate's CN").isEqualTo("x509-sensor");
            client.open().get(30, TimeUnit.SECONDS);
            client.sendTelemetry(DeviceMessage.builder().messageId("x-1").body("{}").build()).get(30, TimeUnit.SECONDS);
        }
        assertThat(readTelemetry()).anyMatch(m -> m.at("/properties/$.mid").asText().equals("x-1")
                && m.path("deviceId").asText().equals("x509-sensor"));
    }

    @Test
    void refusesAHubWhoseCertificateDoesNotChainToThePinnedCa() throws Exception { // S-TLS-2
        byte[] key = createDevice("pinned");
        List<ConnectionStateChange> states = new CopyOnWriteArrayList<>();
        // Pin some other CA: the real hub's certificate must then be refused, although it is otherwise valid.
        try (DeviceClient client = DeviceClient.builder()
                .connectionString("HostName=127.0.0.1;DeviceId=pinned;SharedAccessKey="
                        + java.util.Base64.getEncoder().encodeToString(key))
                .port(hub.mqttPort()).trust(HubTrust.pinned(List.of(fleetCa.certificate())))
                .reconnectBackoff(Duration.ofSeconds(5), Duration.ofSeconds(10)).build()) {
            client.onConnectionStateChanged(states::add);
            client.open();
            await().atMost(Duration.ofSeconds(20)).until(() -> states.stream()
                    .anyMatch(change -> change.state() == ConnectionState.DISCONNECTED));
            ConnectionStateChange failed = states.stream()
                    .filter(change -> change.state() == ConnectionState.DISCONNECTED).findFirst().orElseThrow();
            assertThat(failed.reason()).isEqualTo(ConnectionStateChange.Reason.CONNECT_FAILED);
            assertThat(failed.detail()).containsIgnoringCase("certification path");
            assertThat(states).noneMatch(change -> change.state() == ConnectionState.CONNECTED);
            assertThat(hub.isConnected(io.bulwark.hub.registry.IdentityId.device("pinned"))).isFalse();
        }
    }

    private Path keyStore(Issued leaf, Issued issuer) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("device", leaf.privateKey(), PASSWORD,
                new Certificate[] {leaf.certificate(), issuer.certificate()});
        Path file = data.resolve("device.p12");
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, PASSWORD);
        }
        return file;
    }
}
