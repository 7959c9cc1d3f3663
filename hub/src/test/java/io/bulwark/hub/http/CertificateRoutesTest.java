package io.bulwark.hub.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bulwark.hub.ServiceClient;
import io.bulwark.hub.audit.AuditOutcome;
import io.bulwark.hub.audit.AuditRecord;
import io.bulwark.hub.x509.TestCertificates;
import java.net.http.HttpResponse;
import java.io.StringWriter;
import java.nio.file.Path;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /certificates}: CA registration with proof of possession over REST (S-AUTH-8), every write audited. */
class CertificateRoutesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    ApiFixture fixture;
    ServiceClient api;

    @BeforeEach
    void start() {
        fixture = ApiFixture.start(dir);
        api = fixture.client("iothubowner");
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void registersVerifiesListsAndDeletesACa() throws Exception {
        TestCertificates.Issued root = TestCertificates.rootCa("Fleet Root");
        HttpResponse<String> created = api.put("/certificates/fleet", body(root.pem()));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode ca = JSON.readTree(created.body());
        assertThat(ca.path("isVerified").asBoolean()).isFalse();
        assertThat(ca.path("thumbprint").asText()).isEqualTo(root.thumbprint());
        assertThat(ca.path("subject").asText()).isEqualTo("CN=Fleet Root");
        String code = ca.path("verificationCode").asText();
        assertThat(code).matches("[0-9a-f]{32}");
        assertThat(created.headers().firstValue("ETag")).contains("\"" + ca.path("etag").asText() + "\"");
        assertLastAudit("ca.register", AuditOutcome.SUCCESS);

        HttpResponse<String> verified = api.post("/certificates/fleet/verify",
                body(TestCertificates.certificate(code).issuedBy(root).build().pem()),
                "Content-Type", "application/json");
        assertThat(verified.statusCode()).as(verified.body()).isEqualTo(200);
        assertThat(JSON.readTree(verified.body()).path("isVerified").asBoolean()).isTrue();
        assertThat(JSON.readTree(verified.body()).path("verificationCode").isNull()).isTrue();
        assertLastAudit("ca.verify", AuditOutcome.SUCCESS);

        JsonNode list = JSON.readTree(api.get("/certificates").body());
        assertThat(list).hasSize(1);
        assertThat(list.get(0).path("name").asText()).isEqualTo("fleet");
        assertThat(JSON.readTree(api.get("/certificates/fleet").body()).path("isVerified").asBoolean()).isTrue();

        assertThat(api.delete("/certificates/fleet").statusCode()).isEqualTo(204);
        assertLastAudit("ca.delete", AuditOutcome.SUCCESS);
        assertProblem(api.get("/certificates/fleet"), 404, "certificate-not-found");
    }

    @Test
    void refusesWeakCaKeysAndSignaturesWithAProblemDocument() throws Exception { // S-AUTH-8
        HttpResponse<String> rsa1024 = api.put("/certificates/weak", body(TestCertificates.certificate("Weak").ca()
                .keys(TestCertificates.rsa(1024)).build().pem()));
        assertProblem(rsa1024, 400, "weak-key");
        assertThat(JSON.readTree(rsa1024.body()).path("detail").asText())
                .isEqualTo("refused: RSA key of 1024 bits (at least 2048 required)");
        assertLastAudit("ca.register", AuditOutcome.DENIED);
        HttpResponse<String> sha1 = api.put("/certificates/weak", body(TestCertificates.certificate("Weak").ca()
                .keys(TestCertificates.rsa(2048)).signatureAlgorithm("SHA1withRSA").build().pem()));
        assertProblem(sha1, 400, "weak-key");
        assertThat(JSON.readTree(sha1.body()).path("detail").asText()).contains("SHA1withRSA");
        assertThat(JSON.readTree(api.get("/certificates").body())).isEmpty();
    }

    @Test
    void refusesAProofNotSignedByTheCa() throws Exception { // S-AUTH-8
        TestCertificates.Issued root = TestCertificates.rootCa("Fleet Root");
        String code = JSON.readTree(api.put("/certificates/fleet", body(root.pem())).body())
                .path("verificationCode").asText();
        TestCertificates.Issued forged = TestCertificates.certificate(code)
                .issuedBy(TestCertificates.rootCa("Fleet Root")).build();
        assertProblem(api.post("/certificates/fleet/verify", body(forged.pem())), 400, "verification-failed");
        assertLastAudit("ca.verify", AuditOutcome.DENIED);
        assertThat(JSON.readTree(api.get("/certificates/fleet").body()).path("isVerified").asBoolean()).isFalse();
    }

    @Test
    void refusesBodiesWithoutACertificateOrWithAPrivateKey() throws Exception {
        assertProblem(api.put("/certificates/fleet", "{}"), 400, "invalid-certificate");
        assertProblem(api.put("/certificates/fleet", "{\"certificate\":42}"), 400, "invalid-certificate");
        StringWriter key = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(key)) {
            writer.writeObject(new JcaPKCS8Generator(TestCertificates.ecP256().getPrivate(), null).generate());
        }
        HttpResponse<String> pastedKey = api.put("/certificates/fleet", body(key.toString()));
        assertProblem(pastedKey, 400, "invalid-certificate");
        String keyLine = key.toString().lines().skip(1).findFirst().orElseThrow();
        assertThat(pastedKey.body()).doesNotContain(keyLine.substring(0, 24));
        assertThat(fixture.core.audit.latest().orElseThrow().detail()).doesNotContain(keyLine.substring(0, 24));
    }

    @Test
    void registeringTheSameNameTwiceIsAConflict() throws Exception {
        api.put("/certificates/fleet", body(TestCertificates.rootCa("A").pem()));
        assertProblem(api.put("/certificates/fleet", body(TestCertificates.rootCa("B").pem())), 409,
                "certificate-exists");
    }

    private void assertLastAudit(String action, AuditOutcome outcome) {
        AuditRecord last = fixture.core.audit.latest().orElseThrow();
        assertThat(last.action()).isEqualTo(action);
        assertThat(last.outcome()).isEqualTo(outcome);
        assertThat(last.target()).startsWith("ca:");
        assertThat(last.actor()).isEqualTo("policy:iothubowner");
    }

    private static void assertProblem(HttpResponse<String> answer, int status, String slug) throws Exception {
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(status);
        assertThat(answer.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(JSON.readTree(answer.body()).path("type").asText()).isEqualTo("urn:bulwark:problem:" + slug);
    }

    private static String body(String pem) {
        return JSON.createObjectNode().put("certificate", pem).toString();
    }
}
