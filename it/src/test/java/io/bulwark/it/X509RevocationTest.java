package io.bulwark.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.bulwark.hub.audit.AuditRecord;
import io.bulwark.hub.registry.IdentityId;
import io.bulwark.hub.x509.TestCertificates;
import io.bulwark.hub.x509.TestCertificates.Issued;
import java.net.http.HttpResponse;
import javax.net.ssl.KeyManager;
import org.junit.jupiter.api.Test;

/**
 * Certificate revocation over MQTT/TLS (S-AUTH-6) on the hub's default TLS engine; {@link X509RevocationJdkTlsTest}
 * runs the same on the JDK's TLS. A revoked certificate is refused wherever it sits in the chain (leaf, intermediate,
 * CA) with CONNACK 5 and an {@code auth.failure} record saying "certificate revoked", and revoking it, or deleting
 * the CA, closes the live sessions that authenticated with it.
 */
class X509RevocationTest extends X509HubTest {

    @Test
    void refusesARevokedCaSignedCertificate() throws Exception { // S-AUTH-6
        createCaDevice("cam-1");
        Issued leaf = TestCertificates.certificate("cam-1").issuedBy(fleetCa).build();
        assertThat(connect(TestCertificates.keyManagers(leaf), "cam-1")).isEqualTo(ACCEPTED);
        JsonNode revoked = revoke(JSON.createObjectNode().put("certificate", leaf.pem()));
        assertThat(revoked.path("thumbprint").asText()).isEqualTo(leaf.thumbprint());
        assertThat(revoked.path("serialNumber").asText())
                .isEqualTo(leaf.certificate().getSerialNumber().toString(16));
        AuditRecord audited = lastAudit();
        assertThat(audited.action()).isEqualTo("certificate.revoke");
        assertThat(audited.target()).isEqualTo("certificate:" + leaf.thumbprint());
        assertThat(audited.actor()).isEqualTo("policy:iothubowner");
        assertRefused(TestCertificates.keyManagers(leaf), "cam-1",
                "certificate revoked: the client certificate, thumbprint " + leaf.thumbprint());
        // A new certificate for the same device is not affected.
        Issued replacement = TestCertificates.certificate("cam-1").issuedBy(fleetCa).build();
        assertThat(connect(TestCertificates.keyManagers(replacement), "cam-1")).isEqualTo(ACCEPTED);
    }

    @Test
    void refusesARevokedSelfSignedCertificateNamedByItsThumbprint() throws Exception { // S-AUTH-6
        Issued leaf = TestCertificates.certificate("self-1").build();
        createSelfSignedDevice("self-1", leaf.thumbprint(), null);
        String colons = leaf.thumbprint().toUpperCase().replaceAll("(..)(?!$)", "$1:");
        revoke(JSON.createObjectNode().put("thumbprint", colons));
        assertRefused(TestCertificates.keyManagers(leaf), "self-1",
                "certificate revoked: the client certificate, thumbprint " + leaf.thumbprint());
    }

    @Test
    void refusesACertificateBelowARevokedIntermediate() throws Exception { // S-AUTH-6
        createCaDevice("cam-1");
        Issued plant = TestCertificates.certificate("Plant 7").ca().issuedBy(fleetCa).build();
        Issued leaf = TestCertificates.certificate("cam-1").issuedBy(plant).build();
        revoke(JSON.createObjectNode().put("issuer", plant.certificate().getIssuerX500Principal().getName())
                .put("serialNumber", plant.certificate().getSerialNumber().toString(16)));
        assertRefused(TestCertificates.keyManagers(leaf, plant.certificate()), "cam-1",
                "certificate revoked: a certificate in the client's chain, thumbprint " + plant.thumbprint());
    }

    @Test
    void refusesEveryDeviceOfARevokedCa() throws Exception { // S-AUTH-6
        createCaDevice("cam-1");
        Issued leaf = TestCertificates.certificate("cam-1").issuedBy(fleetCa).build();
        HttpResponse<String> revoked = api.post("/certificates/fleet/revoke", "");
        assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(201);
        assertThat(JSON.readTree(revoked.body()).path("thumbprint").asText()).isEqualTo(fleetCa.thumbprint());
        assertThat(lastAudit().target()).isEqualTo("certificate:" + fleetCa.thumbprint());
        assertRefused(TestCertificates.keyManagers(leaf), "cam-1",
                "certificate revoked: CA 'fleet', thumbprint " + fleetCa.thumbprint());
    }

    @Test
    void revokingTheCertificateOfAConnectedDeviceClosesItsSession() throws Exception { // S-AUTH-6
        createCaDevice("cam-1");
        createCaDevice("cam-2");
        Issued revokedLeaf = TestCertificates.certificate("cam-1").issuedBy(fleetCa).build();
        Issued otherLeaf = TestCertificates.certificate("cam-2").issuedBy(fleetCa).build();
        // Each client sends CONNECT right after its handshake: an open socket waiting for another client's connect
        // would run into the one-second CONNECT deadline on a loaded machine.
        try (RawMqttClient victim = connected(revokedLeaf, "cam-1");
             RawMqttClient bystander = connected(otherLeaf, "cam-2")) {
            revoke(JSON.createObjectNode().put("thumbprint", revokedLeaf.thumbprint()));
            // Closed by the revocation event itself, not by a sweep; the bound here is only for a loaded machine.
            victim.timeout(10_000);
            assertThat(victim.isClosedByHub()).isTrue();
            assertThat(hub.isConnected(IdentityId.device("cam-2"))).isTrue();
        }
    }

    @Test
    void revokingOrDeletingACaClosesTheSessionsThatAuthenticatedThroughIt() throws Exception { // S-AUTH-6
        Issued otherCa = TestCertificates.rootCa("Other Root");
        registerCa("other", otherCa, true);
        createCaDevice("cam-1");
        createCaDevice("cam-2");
        createCaDevice("cam-3");
        Issued plant = TestCertificates.certificate("Plant 7").ca().issuedBy(fleetCa).build();
        KeyManager[] direct = TestCertificates.keyManagers(TestCertificates.certificate("cam-1").issuedBy(fleetCa)
                .build());
        KeyManager[] throughPlant = TestCertificates.keyManagers(TestCertificates.certificate("cam-2")
                .issuedBy(plant).build(), plant.certificate());
        KeyManager[] ofOther = TestCertificates.keyManagers(TestCertificates.certificate("cam-3").issuedBy(otherCa)
                .build());
        try (RawMqttClient one = connected(direct, "cam-1");
             RawMqttClient two = connected(throughPlant, "cam-2");
             RawMqttClient three = connected(ofOther, "cam-3")) {
            assertThat(api.post("/certificates/fleet/revoke", "").statusCode()).isEqualTo(201);
            one.timeout(10_000);
            two.timeout(10_000);
            assertThat(one.isClosedByHub()).isTrue();
            assertThat(two.isClosedByHub()).isTrue();
            assertThat(hub.isConnected(IdentityId.device("cam-3"))).isTrue();
            assertThat(api.delete("/certificates/other").statusCode()).isEqualTo(204);
            three.timeout(10_000);
            assertThat(three.isClosedByHub()).isTrue();
        }
    }

    @Test
    void listsRevocationsAndRefusesDuplicatesAndBadInput() throws Exception { // S-AUTH-6
        Issued leaf = TestCertificates.certificate("cam-1").issuedBy(fleetCa).build();
        revoke(JSON.createObjectNode().put("certificate", leaf.pem()));
        HttpResponse<String> again = api.post("/revocations/certificates", JSON.createObjectNode()
                .put("thumbprint", leaf.thumbprint()).toString(), "Content-Type", "application/json");
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(JSON.readTree(again.body()).path("type").asText()).isEqualTo("urn:bulwark:problem:certificate-revoked");
        HttpResponse<String> bad = api.post("/revocations/certificates", "{\"thumbprint\":\"abc\"}",
                "Content-Type", "application/json");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(bad.body()).path("type").asText()).isEqualTo("urn:bulwark:problem:invalid-certificate-id");
        HttpResponse<String> listed = api.get("/revocations/certificates");
        assertThat(listed.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(listed.body())).singleElement().satisfies(entry -> {
            assertThat(entry.path("thumbprint").asText()).isEqualTo(leaf.thumbprint());
            assertThat(entry.path("subject").asText()).isEqualTo("CN=cam-1");
            assertThat(entry.path("issuer").asText()).isEqualTo("cn=fleet root");
        });
    }

    private RawMqttClient connected(Issued leaf, String clientId) throws Exception {
        return connected(TestCertificates.keyManagers(leaf), clientId);
    }

    private RawMqttClient connected(KeyManager[] certificate, String clientId) throws Exception {
        RawMqttClient client = RawMqttClient.open(ca, hub.mqttPort(), certificate);
        assertThat(client.connect(clientId, userName(clientId), null)).as(clientId).isEqualTo(ACCEPTED);
        return client;
    }
}
