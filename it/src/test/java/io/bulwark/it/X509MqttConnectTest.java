package io.bulwark.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.bulwark.hub.registry.IdentityId;
import io.bulwark.hub.x509.TestCertificates;
import io.bulwark.hub.x509.TestCertificates.Issued;
import io.netty.handler.codec.mqtt.MqttQoS;
import java.time.Duration;
import java.time.Instant;
import javax.net.ssl.KeyManager;
import org.junit.jupiter.api.Test;

/**
 * X.509 devices over MQTT/TLS with a client certificate and no password (S-AUTH-8), driven with raw packets against a
 * real hub on its default TLS engine (BoringSSL where it loads); {@link X509MqttConnectJdkTlsTest} runs the same on
 * the JDK's TLS. Every refusal is CONNACK 5 with an {@code auth.failure} audit record naming the real reason.
 */
class X509MqttConnectTest extends X509HubTest {

    @Test
    void acceptsACaSignedDeviceWithoutAPasswordAndTakesItsTelemetry() throws Exception {
        createCaDevice("cam-1");
        Issued leaf = TestCertificates.certificate("cam-1").issuedBy(fleetCa).build();
        try (RawMqttClient client = RawMqttClient.open(ca, hub.mqttPort(), TestCertificates.keyManagers(leaf))) {
            assertThat(client.connect("cam-1", userName("cam-1"), null)).isEqualTo(ACCEPTED);
            assertThat(hub.isConnected(IdentityId.device("cam-1"))).isTrue();
            client.publish("devices/cam-1/messages/events/", MqttQoS.AT_LEAST_ONCE, 7, "{\"frame\":1}");
            assertThat(client.read().type()).isEqualTo(4); // PUBACK: durable
        }
        assertThat(readTelemetry()).singleElement().satisfies(message ->
                assertThat(message.path("deviceId").asText()).isEqualTo("cam-1"));
    }

    @Test
    void acceptsADeviceCertificateIssuedThroughAnIntermediate() throws Exception {
        createCaDevice("cam-1");
        Issued plant = TestCertificates.certificate("Plant 7").ca().issuedBy(fleetCa).build();
        Issued leaf = TestCertificates.certificate("cam-1").issuedBy(plant).build();
        assertThat(connect(TestCertificates.keyManagers(leaf, plant.certificate()), "cam-1")).isEqualTo(ACCEPTED);
    }

    @Test
    void aResumedTlsSessionStillCarriesTheClientCertificate() throws Exception {
        createCaDevice("cam-1");
        Issued leaf = TestCertificates.certificate("cam-1").issuedBy(fleetCa).build();
        javax.net.ssl.SSLContext reused = TestCertificates.clientContext(ca, leaf);
        for (int attempt = 1; attempt <= 3; attempt++) {
            try (RawMqttClient client = RawMqttClient.open(reused, hub.mqttPort())) {
                assertThat(client.connect("cam-1", userName("cam-1"), null)).as("connect " + attempt)
                        .isEqualTo(ACCEPTED);
            }
        }
    }

    @Test
    void acceptsASelfSignedDeviceByItsPrimaryOrSecondaryThumbprint() throws Exception {
        Issued primary = TestCertificates.certificate("self-1").build();
        Issued secondary = TestCertificates.certificate("self-1").build();
        createSelfSignedDevice("self-1", primary.thumbprint(), secondary.thumbprint());
        assertThat(connect(TestCertificates.keyManagers(primary), "self-1")).isEqualTo(ACCEPTED);
        assertThat(connect(TestCertificates.keyManagers(secondary), "self-1")).isEqualTo(ACCEPTED);
    }

    @Test
    void refusesAnExpiredCertificate() throws Exception { // S-AUTH-8
        createCaDevice("cam-1");
        Issued expired = TestCertificates.certificate("cam-1").issuedBy(fleetCa)
                .validity(Instant.now().minus(Duration.ofDays(2)), Instant.now().minus(Duration.ofDays(1))).build();
        assertRefused(TestCertificates.keyManagers(expired), "cam-1", "client certificate expired on");
    }

    @Test
    void refusesACertificateNotYetValid() throws Exception { // S-AUTH-8
        createCaDevice("cam-1");
        Issued early = TestCertificates.certificate("cam-1").issuedBy(fleetCa)
                .validity(Instant.now().plus(Duration.ofDays(1)), Instant.now().plus(Duration.ofDays(2))).build();
        assertRefused(TestCertificates.keyManagers(early), "cam-1", "client certificate not yet valid");
    }

    @Test
    void refusesACertificateFromAnUnknownCa() throws Exception { // S-AUTH-8
        createCaDevice("cam-1");
        Issued stranger = TestCertificates.rootCa("Fleet Root"); // same name as the real one, other key
        Issued leaf = TestCertificates.certificate("cam-1").issuedBy(stranger).build();
        assertRefused(TestCertificates.keyManagers(leaf), "cam-1", "does not chain to a registered, verified CA");
    }

    @Test
    void refusesACertificateFromARegisteredButUnverifiedCa() throws Exception { // S-AUTH-8
        Issued pending = TestCertificates.rootCa("Pending Root");
        registerCa("pending", pending, false);
        createCaDevice("cam-1");
        Issued leaf = TestCertificates.certificate("cam-1").issuedBy(pending).build();
        assertRefused(TestCertificates.keyManagers(leaf), "cam-1", "chains to CA 'pending', which is not verified");
    }

    @Test
    void refusesACommonNameThatIsNotTheDeviceId() throws Exception { // S-AUTH-8
        createCaDevice("cam-1");
        Issued leaf = TestCertificates.certificate("cam-1-spare").issuedBy(fleetCa).build();
        assertRefused(TestCertificates.keyManagers(leaf), "cam-1",
                "certificate CN 'cam-1-spare' is not the identity cam-1");
    }

    @Test
    void refusesAThumbprintMismatch() throws Exception { // S-AUTH-8
        createSelfSignedDevice("self-1", TestCertificates.certificate("self-1").build().thumbprint(), null);
        Issued other = TestCertificates.certificate("self-1").build();
        assertRefused(TestCertificates.keyManagers(other), "self-1",
                "certificate thumbprint " + other.thumbprint() + " matches neither registered thumbprint");
    }

    @Test
    void refusesAnRsa1024Key() throws Exception { // S-AUTH-8
        createCaDevice("cam-1");
        Issued weak = TestCertificates.certificate("cam-1").issuedBy(fleetCa).keys(TestCertificates.rsa(1024))
                .build();
        assertRefused(TestCertificates.keyManagers(weak), "cam-1",
                "client certificate refused: RSA key of 1024 bits (at least 2048 required)");
    }

    @Test
    void refusesASha1Signature() throws Exception { // S-AUTH-8
        createCaDevice("cam-1");
        Issued sha1 = TestCertificates.certificate("cam-1").issuedBy(fleetCa).signatureAlgorithm("SHA1withECDSA")
                .build();
        assertRefused(TestCertificates.keyManagers(sha1), "cam-1",
                "client certificate refused: signature algorithm SHA1withECDSA");
    }

    @Test
    void refusesTheValidCertificateOfDeviceAUsedWithTheClientIdOfDeviceB() throws Exception { // S-AUTH-5, S-AUTH-8
        createCaDevice("cam-a");
        createCaDevice("cam-b");
        Issued ofA = TestCertificates.certificate("cam-a").issuedBy(fleetCa).build();
        assertThat(connect(TestCertificates.keyManagers(ofA), "cam-a")).isEqualTo(ACCEPTED);
        assertRefused(TestCertificates.keyManagers(ofA), "cam-b", "certificate CN 'cam-a' is not the identity cam-b");
        // A self-signed B does not take A's certificate either.
        createSelfSignedDevice("self-b", TestCertificates.certificate("self-b").build().thumbprint(), null);
        assertRefused(TestCertificates.keyManagers(ofA), "self-b", "matches neither registered thumbprint");
    }

    @Test
    void refusesAnX509DeviceWithAPasswordButNoCertificate() throws Exception {
        createCaDevice("cam-1");
        try (RawMqttClient client = RawMqttClient.open(ca, hub.mqttPort())) {
            assertThat(client.connect("cam-1", userName("cam-1"), "SharedAccessSignature sr=127.0.0.1%2Fdevices%2F"
                    + "cam-1&sig=AAAA&se=9999999999")).isEqualTo(NOT_AUTHORIZED);
        }
        assertThat(lastAuthFailure().detail()).isEqualTo("X.509 identity presented a password but no client "
                + "certificate");
        try (RawMqttClient client = RawMqttClient.open(ca, hub.mqttPort())) {
            assertThat(client.connect("cam-1", userName("cam-1"), null)).isEqualTo(BAD_USER_NAME_OR_PASSWORD);
        }
        assertThat(lastAuthFailure().detail()).isEqualTo("no password"); // S-AUTH-3
    }

    @Test
    void aSasDevicePresentingACertificateStillNeedsItsToken() throws Exception {
        byte[] key = createDevice("sas-1");
        KeyManager[] someCertificate = TestCertificates.keyManagers(TestCertificates.certificate("sas-1")
                .issuedBy(fleetCa).build());
        try (RawMqttClient client = RawMqttClient.open(ca, hub.mqttPort(), someCertificate)) {
            assertThat(client.connect("sas-1", userName("sas-1"), null)).isEqualTo(BAD_USER_NAME_OR_PASSWORD);
        }
        assertThat(lastAuthFailure().detail()).isEqualTo("no password");
        try (RawMqttClient client = RawMqttClient.open(ca, hub.mqttPort(), someCertificate)) {
            assertThat(client.connect("sas-1", userName("sas-1"), token("sas-1", key, 600))).isEqualTo(ACCEPTED);
        }
    }

    @Test
    void rollsASelfSignedDeviceToANewCertificateWithoutAGap() throws Exception {
        Issued old = TestCertificates.certificate("self-1").build();
        Issued next = TestCertificates.certificate("self-1").build();
        createSelfSignedDevice("self-1", old.thumbprint(), null);
        assertThat(connect(TestCertificates.keyManagers(old), "self-1")).isEqualTo(ACCEPTED);
        replaceThumbprints("self-1", old.thumbprint(), next.thumbprint());
        assertThat(connect(TestCertificates.keyManagers(old), "self-1")).isEqualTo(ACCEPTED);
        assertThat(connect(TestCertificates.keyManagers(next), "self-1")).isEqualTo(ACCEPTED);
        replaceThumbprints("self-1", next.thumbprint(), null);
        assertThat(connect(TestCertificates.keyManagers(next), "self-1")).isEqualTo(ACCEPTED);
        assertRefused(TestCertificates.keyManagers(old), "self-1", "matches neither registered thumbprint");
    }

    @Test
    void rollsAFleetToASecondCaWithoutAGap() throws Exception {
        createCaDevice("cam-1");
        Issued oldLeaf = TestCertificates.certificate("cam-1").issuedBy(fleetCa).build();
        Issued nextCa = TestCertificates.rootCa("Fleet Root 2027");
        registerCa("fleet-2027", nextCa, true);
        Issued nextLeaf = TestCertificates.certificate("cam-1").issuedBy(nextCa).build();
        assertThat(connect(TestCertificates.keyManagers(oldLeaf), "cam-1")).isEqualTo(ACCEPTED);
        assertThat(connect(TestCertificates.keyManagers(nextLeaf), "cam-1")).isEqualTo(ACCEPTED);
        assertThat(api.delete("/certificates/fleet").statusCode()).isEqualTo(204);
        assertThat(connect(TestCertificates.keyManagers(nextLeaf), "cam-1")).isEqualTo(ACCEPTED);
        assertRefused(TestCertificates.keyManagers(oldLeaf), "cam-1", "does not chain to a registered, verified CA");
    }

}
