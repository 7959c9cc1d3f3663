package io.bulwark.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.bulwark.hub.audit.AuditQuery;
import io.bulwark.hub.audit.AuditRecord;
import io.bulwark.hub.mqtt.MqttServerTls;
import io.bulwark.hub.registry.IdentityId;
import io.bulwark.hub.x509.TestCertificates;
import io.bulwark.hub.x509.TestCertificates.Issued;
import io.netty.handler.ssl.SslProvider;
import java.net.http.HttpResponse;
import java.util.List;
import javax.net.ssl.KeyManager;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A hub with one verified CA ({@code fleet}) registered, and the helpers of the X.509 connect tests: connect with a
 * client certificate, assert the exact refusal and its audit record, register CAs and X.509 devices.
 */
abstract class X509HubTest extends MqttHubTest {

    Issued fleetCa;

    @BeforeEach
    void registerFleetCa() throws Exception {
        fleetCa = TestCertificates.rootCa("Fleet Root");
        registerCa("fleet", fleetCa, true);
    }

    /** The TLS engine this class means to exercise, as the hub names it. */
    String expectedTls() {
        return MqttServerTls.bestProvider(true) != SslProvider.JDK ? "BoringSSL" : "JDK TLS";
    }

    @Test
    void runsOnTheTlsEngineItMeansToTest() {
        assertThat(hub.mqttEngine()).endsWith(expectedTls());
    }

    int connect(KeyManager[] certificate, String clientId) throws Exception {
        try (RawMqttClient client = RawMqttClient.open(ca, hub.mqttPort(), certificate)) {
            return client.connect(clientId, userName(clientId), null);
        }
    }

    void assertRefused(KeyManager[] certificate, String clientId, String reason) throws Exception {
        long before = hub.auditLog().latest().orElseThrow().sequence();
        assertThat(connect(certificate, clientId)).as(reason).isEqualTo(NOT_AUTHORIZED);
        assertThat(hub.isConnected(IdentityId.device(clientId))).isFalse();
        AuditRecord refusal = lastAuthFailure();
        assertThat(refusal.sequence()).isGreaterThan(before);
        assertThat(refusal.actor()).isEqualTo("device:" + clientId);
        assertThat(refusal.target()).isEqualTo("device-connect");
        assertThat(refusal.source()).isEqualTo("127.0.0.1");
        assertThat(refusal.detail()).contains(reason);
    }

    AuditRecord lastAuthFailure() {
        List<AuditRecord> failures = hub.auditLog().query(new AuditQuery(null, "auth.failure", null, null, null, null,
                0, 1000));
        assertThat(failures).isNotEmpty();
        return failures.get(failures.size() - 1);
    }

    void registerCa(String name, Issued certificate, boolean verify) throws Exception {
        HttpResponse<String> created = api.put("/certificates/" + name, JSON.createObjectNode()
                .put("certificate", certificate.pem()).toString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        if (verify) {
            String code = JSON.readTree(created.body()).path("verificationCode").asText();
            HttpResponse<String> verified = api.post("/certificates/" + name + "/verify", JSON.createObjectNode()
                    .put("certificate", TestCertificates.certificate(code).issuedBy(certificate).build().pem())
                    .toString(), "Content-Type", "application/json");
            assertThat(verified.statusCode()).as(verified.body()).isEqualTo(200);
        }
    }

    void replaceThumbprints(String id, String primary, String secondary) throws Exception {
        String body = JSON.createObjectNode().set("authentication", JSON.createObjectNode()
                .put("type", "selfSigned").set("x509Thumbprint", JSON.createObjectNode()
                        .put("primaryThumbprint", primary).put("secondaryThumbprint", secondary))).toString();
        HttpResponse<String> replaced = api.put("/devices/" + id, body, "If-Match", "*");
        assertThat(replaced.statusCode()).as(replaced.body()).isEqualTo(200);
    }

    void createCaDevice(String id) throws Exception {
        HttpResponse<String> created = api.put("/devices/" + id,
                "{\"authentication\":{\"type\":\"certificateAuthority\"}}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        JsonNode device = JSON.readTree(created.body());
        assertThat(device.at("/authentication/type").asText()).isEqualTo("certificateAuthority");
    }

    void createSelfSignedDevice(String id, String primary, String secondary) throws Exception {
        String body = JSON.createObjectNode().set("authentication", JSON.createObjectNode()
                .put("type", "selfSigned").set("x509Thumbprint", JSON.createObjectNode()
                        .put("primaryThumbprint", primary).put("secondaryThumbprint", secondary))).toString();
        HttpResponse<String> created = api.put("/devices/" + id, body);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
    }
    JsonNode revoke(com.fasterxml.jackson.databind.node.ObjectNode body) throws Exception {
        HttpResponse<String> revoked = api.post("/revocations/certificates", body.toString(),
                "Content-Type", "application/json");
        assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(201);
        return JSON.readTree(revoked.body());
    }
}
