package io.bulwark.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.bulwark.hub.audit.AuditOutcome;
import io.bulwark.hub.audit.AuditQuery;
import io.bulwark.hub.audit.AuditRecord;
import io.bulwark.hub.registry.IdentityId;
import io.bulwark.hub.x509.Certificates;
import io.bulwark.hub.x509.TestCertificates;
import io.bulwark.hub.x509.TestCertificates.Issued;
import io.netty.handler.codec.mqtt.MqttQoS;
import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The hub CA issuing device certificates from a CSR over REST, devices renewing theirs over MQTT on
 * {@code $iothub/credentials/...}, revocation by serial number, and rolling a fleet to a second CA, all on the hub's
 * default TLS engine; {@link X509IssuanceJdkTlsTest} runs the same on the JDK's TLS.
 */
class X509IssuanceTest extends X509HubTest {

    @Test
    void aCertificateIssuedOverRestConnectsItsDeviceAndIsListed() throws Exception { // S-AUTH-8
        createCaDevice("cam-1");
        KeyPair keys = TestCertificates.ecP256();
        HttpResponse<String> answer = issue("cam-1", TestCertificates.csr(keys, "someone-else"), 7);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
        JsonNode issued = JSON.readTree(answer.body());
        assertThat(issued.path("subject").asText()).isEqualTo("CN=cam-1");
        assertThat(issued.path("issuedBy").asText()).isEqualTo("rest");
        List<X509Certificate> chain = CertificateFactory.getInstance("X.509").generateCertificates(
                new ByteArrayInputStream(issued.path("certificateChain").asText().getBytes(StandardCharsets.US_ASCII)))
                .stream().map(X509Certificate.class::cast).toList();
        assertThat(chain).hasSize(2);
        assertThat(Certificates.toPem(chain.get(1))).isEqualTo(java.nio.file.Files.readString(ca));
        assertThat(connect(TestCertificates.keyManagers(new Issued(chain.get(0), keys)), "cam-1"))
                .isEqualTo(ACCEPTED);

        JsonNode listed = JSON.readTree(api.get("/devices/cam-1/certificates").body());
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).path("serialNumber").asText()).isEqualTo(issued.path("serialNumber").asText());
        assertThat(listed.get(0).path("thumbprint").asText()).isEqualTo(Certificates.thumbprint(chain.get(0)));
        AuditRecord audited = last("certificate.issue");
        assertThat(audited.outcome()).isEqualTo(AuditOutcome.SUCCESS);
        assertThat(audited.actor()).isEqualTo("policy:iothubowner");
        assertThat(audited.target()).isEqualTo("device:cam-1");
    }

    @Test
    void refusesWeakKeysSasDevicesUnknownDevicesAndMissingCsrs() throws Exception { // S-AUTH-8
        createCaDevice("cam-1");
        createDevice("sas-1");
        assertProblem(issue("cam-1", TestCertificates.csr(TestCertificates.rsa(1024), "cam-1"), null), 400,
                "weak-key");
        assertThat(last("certificate.issue").detail()).contains("RSA key of 1024 bits");
        assertProblem(issue("cam-1", TestCertificates.csr(TestCertificates.rsa(2048), "cam-1", "SHA1withRSA"), null),
                400, "weak-key");
        assertProblem(issue("sas-1", TestCertificates.csr(TestCertificates.ecP256(), "sas-1"), null), 409,
                "not-certificate-authority");
        assertThat(last("certificate.issue").outcome()).isEqualTo(AuditOutcome.DENIED);
        assertProblem(issue("ghost", TestCertificates.csr(TestCertificates.ecP256(), "ghost"), null), 404,
                "device-not-found");
        assertProblem(api.post("/devices/cam-1/certificates", "{}", "Content-Type", "application/json"), 400,
                "invalid-csr");
        assertProblem(issue("cam-1", TestCertificates.csr(TestCertificates.ecP256(), "cam-1"), 400), 400,
                "invalid-validity");
        assertThat(JSON.readTree(api.get("/devices/cam-1/certificates").body())).isEmpty();
    }

    @Test
    void aDeviceRenewsOverItsConnectionAndReconnectsWithTheNewCertificate() throws Exception { // S-AUTH-8
        createCaDevice("cam-1");
        Issued current = issueOverRest("cam-1");
        KeyPair next = TestCertificates.ecP256();
        X509Certificate renewed;
        try (RawMqttClient device = RawMqttClient.open(ca, hub.mqttPort(), TestCertificates.keyManagers(current))) {
            assertThat(device.connect("cam-1", userName("cam-1"), null)).isEqualTo(ACCEPTED);
            subscribeToCredentials(device);
            requestCertificate(device, "41", "{\"id\":\"cam-1\",\"csr\":\"" + der(TestCertificates.csr(next, "cam-1"))
                    + "\",\"replace\":\"*\"}");
            RawMqttClient.Packet accepted = device.read();
            assertThat(topicOf(accepted)).isEqualTo("$iothub/credentials/res/202/?$rid=41");
            RawMqttClient.Packet issued = device.read();
            assertThat(topicOf(issued)).isEqualTo("$iothub/credentials/res/200/?$rid=41");
            JsonNode certificates = JSON.readTree(payloadOf(issued)).path("certificates");
            assertThat(certificates).hasSize(2);
            renewed = decode(certificates.get(0).asText());
            assertThat(renewed.getSubjectX500Principal().getName()).isEqualTo("CN=cam-1");
            assertThat(renewed.getPublicKey()).isEqualTo(next.getPublic());

            // One renewal per renewalInterval: a second one at once is refused, and the connection stays.
            requestCertificate(device, "42", "{\"csr\":\"" + der(TestCertificates.csr(TestCertificates.ecP256(), "x"))
                    + "\"}");
            assertThat(topicOf(device.read())).isEqualTo("$iothub/credentials/res/202/?$rid=42");
            RawMqttClient.Packet limited = device.read();
            assertThat(topicOf(limited)).isEqualTo("$iothub/credentials/res/429/?$rid=42");
            assertThat(JSON.readTree(payloadOf(limited)).path("errorCode").asText()).isEqualTo("renewal-rate");
            AuditRecord refusal = last("certificate.renew");
            assertThat(refusal.outcome()).isEqualTo(AuditOutcome.DENIED);
            assertThat(refusal.actor()).isEqualTo("device:cam-1");
        }
        assertThat(connect(TestCertificates.keyManagers(new Issued(renewed, next)), "cam-1")).isEqualTo(ACCEPTED);
        JsonNode listed = JSON.readTree(api.get("/devices/cam-1/certificates").body());
        assertThat(listed).extracting(node -> node.path("issuedBy").asText()).containsExactly("rest", "renewal");
        assertThat(hub.auditLog().query(new AuditQuery(null, "certificate.renew", null, AuditOutcome.SUCCESS, null,
                null, 0, 10))).hasSize(1);
    }

    @Test
    void refusesBadRenewalsWithAnErrorStatusAndAnAuditRecord() throws Exception { // S-AUTH-8
        createCaDevice("cam-1");
        Issued current = issueOverRest("cam-1");
        try (RawMqttClient device = RawMqttClient.open(ca, hub.mqttPort(), TestCertificates.keyManagers(current))) {
            assertThat(device.connect("cam-1", userName("cam-1"), null)).isEqualTo(ACCEPTED);
            subscribeToCredentials(device);
            assertRenewalRefused(device, "1", "{\"csr\":\"bm90IGEgY3Ny\"}", 400, "invalid-csr");
            assertRenewalRefused(device, "2", "{\"csr\":\"" + der(TestCertificates.csr(TestCertificates.rsa(1024),
                    "cam-1")) + "\"}", 400, "weak-key");
            assertRenewalRefused(device, "3", "{\"csr\":\"" + der(TestCertificates.csr(current.keys(), "cam-1"))
                    + "\"}", 409, "same-key");
            assertRenewalRefused(device, "4", "{\"id\":\"cam-2\",\"csr\":\"" + der(TestCertificates.csr(
                    TestCertificates.ecP256(), "cam-2")) + "\"}", 403, "identity-mismatch");
            assertRenewalRefused(device, "5", "not json", 400, "invalid-json");
            assertThat(hub.isConnected(IdentityId.device("cam-1"))).isTrue();
        }
        assertThat(JSON.readTree(api.get("/devices/cam-1/certificates").body())).hasSize(1);
    }

    @Test
    void aSasDeviceAskingForACertificateIsRefused() throws Exception { // S-AUTH-8
        byte[] key = createDevice("sas-1");
        try (RawMqttClient device = RawMqttClient.open(ca, hub.mqttPort())) {
            assertThat(device.connect("sas-1", userName("sas-1"), token("sas-1", key, 600))).isEqualTo(ACCEPTED);
            subscribeToCredentials(device);
            assertRenewalRefused(device, "1", "{\"csr\":\"" + der(TestCertificates.csr(TestCertificates.ecP256(),
                    "sas-1")) + "\"}", 403, "certificate-required");
        }
    }

    @Test
    void revokingAnIssuedCertificateBySerialClosesItsSessionAndRefusesIt() throws Exception { // S-AUTH-6
        createCaDevice("cam-1");
        Issued current = issueOverRest("cam-1");
        String serial = current.certificate().getSerialNumber().toString(16);
        try (RawMqttClient device = RawMqttClient.open(ca, hub.mqttPort(), TestCertificates.keyManagers(current))) {
            assertThat(device.connect("cam-1", userName("cam-1"), null)).isEqualTo(ACCEPTED);
            HttpResponse<String> revoked = api.post("/devices/cam-1/certificates/" + serial + "/revoke", "");
            assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(201);
            assertThat(JSON.readTree(revoked.body()).path("serialNumber").asText()).isEqualTo(serial);
            device.timeout(10_000);
            assertThat(device.isClosedByHub()).isTrue();
        }
        assertRefused(TestCertificates.keyManagers(current), "cam-1", "certificate revoked: the client certificate");
        assertProblem(api.post("/devices/cam-1/certificates/abc123/revoke", ""), 404, "certificate-not-found");
    }

    @Test
    void aFleetRollsToASecondCaWithoutDowntime() throws Exception {
        createCaDevice("cam-1");
        Issued old = TestCertificates.certificate("cam-1").issuedBy(fleetCa).build();
        assertThat(connect(TestCertificates.keyManagers(old), "cam-1")).isEqualTo(ACCEPTED);
        Issued newCa = TestCertificates.rootCa("Fleet Root 2026");
        registerCa("fleet-2026", newCa, true);
        Issued rolled = TestCertificates.certificate("cam-1").issuedBy(newCa).build();
        assertThat(connect(TestCertificates.keyManagers(old), "cam-1")).as("old CA, both registered")
                .isEqualTo(ACCEPTED);
        assertThat(connect(TestCertificates.keyManagers(rolled), "cam-1")).as("new CA, both registered")
                .isEqualTo(ACCEPTED);
        assertThat(api.post("/certificates/fleet/revoke", "").statusCode()).isEqualTo(201);
        assertRefused(TestCertificates.keyManagers(old), "cam-1", "certificate revoked: CA 'fleet'");
        assertThat(connect(TestCertificates.keyManagers(rolled), "cam-1")).isEqualTo(ACCEPTED);
    }

    private HttpResponse<String> issue(String deviceId, String csr, Integer days) {
        var body = JSON.createObjectNode().put("csr", csr);
        if (days != null) {
            body.put("validityInDays", days);
        }
        return api.post("/devices/" + deviceId + "/certificates", body.toString(), "Content-Type",
                "application/json");
    }

    private Issued issueOverRest(String deviceId) throws Exception {
        KeyPair keys = TestCertificates.ecP256();
        HttpResponse<String> answer = issue(deviceId, TestCertificates.csr(keys, deviceId), null);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
        return new Issued(Certificates.parseOne(JSON.readTree(answer.body()).path("certificate").asText(),
                "certificate"), keys);
    }

    private static void subscribeToCredentials(RawMqttClient device) throws Exception {
        device.subscribe(1, "$iothub/credentials/res/#");
        RawMqttClient.Packet subAck = device.read();
        assertThat(subAck.type()).isEqualTo(9);
        assertThat(subAck.body()[2]).as("granted QoS").isEqualTo((byte) 1);
    }

    private static void requestCertificate(RawMqttClient device, String requestId, String body) throws Exception {
        device.publish("$iothub/credentials/POST/issueCertificate/?$rid=" + requestId, MqttQoS.AT_MOST_ONCE, 0, body);
    }

    private void assertRenewalRefused(RawMqttClient device, String requestId, String body, int status,
                                      String errorCode) throws Exception {
        long before = hub.auditLog().latest().orElseThrow().sequence();
        requestCertificate(device, requestId, body);
        RawMqttClient.Packet answer = device.read();
        if (topicOf(answer).contains("/202/")) {
            answer = device.read();
        }
        assertThat(topicOf(answer)).isEqualTo("$iothub/credentials/res/" + status + "/?$rid=" + requestId);
        assertThat(JSON.readTree(payloadOf(answer)).path("errorCode").asText()).isEqualTo(errorCode);
        AuditRecord refusal = last("certificate.renew");
        assertThat(refusal.sequence()).isGreaterThan(before);
        assertThat(refusal.outcome()).isEqualTo(AuditOutcome.DENIED);
        assertThat(refusal.source()).isEqualTo("127.0.0.1");
    }

    private static void assertProblem(HttpResponse<String> answer, int status, String type) throws Exception {
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(status);
        assertThat(JSON.readTree(answer.body()).path("type").asText()).isEqualTo("urn:bulwark:problem:" + type);
    }

    private AuditRecord last(String action) {
        List<AuditRecord> records = hub.auditLog().query(new AuditQuery(null, action, null, null, null, null, 0,
                1000));
        assertThat(records).isNotEmpty();
        return records.get(records.size() - 1);
    }

    /** A QoS 0 PUBLISH: topic length, topic, then the payload (no packet id). */
    private static String payloadOf(RawMqttClient.Packet publish) {
        int start = 2 + topicLength(publish);
        return new String(Arrays.copyOfRange(publish.body(), start, publish.body().length), StandardCharsets.UTF_8);
    }

    /** The request as Azure's credential topic carries it: base64 DER, no PEM armour. */
    private static String der(String pem) {
        return pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
    }

    private static X509Certificate decode(String base64) throws Exception {
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(Base64.getDecoder().decode(base64)));
    }
}
