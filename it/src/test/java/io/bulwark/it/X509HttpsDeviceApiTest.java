package io.bulwark.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.bulwark.hub.audit.AuditRecord;
import io.bulwark.hub.x509.TestCertificates;
import io.bulwark.hub.x509.TestCertificates.Issued;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * X.509 devices on the HTTPS device API over mutual TLS: the TLS client certificate replaces the SAS token, judged by
 * the same verifier as at an MQTT CONNECT (identity binding, dates, key quality, revocation), and every refusal is a
 * 401 with an {@code auth.failure} record carrying the reason.
 */
class X509HttpsDeviceApiTest extends X509HubTest {

    @Test
    void aCaSignedDeviceSendsTelemetryWithItsCertificateAndNoToken() throws Exception { // S-AUTH-8
        createCaDevice("cam-1");
        Issued leaf = TestCertificates.certificate("cam-1").issuedBy(fleetCa).build();
        HttpResponse<String> sent = send(leaf, "cam-1", "{\"frame\":1}");
        assertThat(sent.statusCode()).as(sent.body()).isEqualTo(204);
        JsonNode stored = readTelemetry().get(0);
        assertThat(stored.path("deviceId").asText()).isEqualTo("cam-1");
        assertThat(stored.path("sourceProtocol").asText()).isEqualTo("https");
    }

    @Test
    void aSelfSignedDeviceSendsTelemetryWithEitherRegisteredCertificate() throws Exception { // S-AUTH-8
        Issued primary = TestCertificates.certificate("self-1").build();
        Issued secondary = TestCertificates.certificate("self-1").build();
        createSelfSignedDevice("self-1", primary.thumbprint(), secondary.thumbprint());
        assertThat(send(primary, "self-1", "1").statusCode()).isEqualTo(204);
        assertThat(send(secondary, "self-1", "2").statusCode()).isEqualTo(204);
        assertThat(readTelemetry()).hasSize(2);
    }

    @Test
    void refusesARevokedCertificate() throws Exception { // S-AUTH-6
        createCaDevice("cam-1");
        Issued leaf = TestCertificates.certificate("cam-1").issuedBy(fleetCa).build();
        revoke(JSON.createObjectNode().put("certificate", leaf.pem()));
        assertRefused(send(leaf, "cam-1", "x"), "cam-1", "certificate revoked: the client certificate, thumbprint "
                + leaf.thumbprint());
    }

    @Test
    void refusesAnExpiredCertificate() throws Exception { // S-AUTH-8
        createCaDevice("cam-1");
        Issued expired = TestCertificates.certificate("cam-1").issuedBy(fleetCa)
                .validity(Instant.now().minus(Duration.ofDays(2)), Instant.now().minus(Duration.ofDays(1))).build();
        assertRefused(send(expired, "cam-1", "x"), "cam-1", "client certificate expired on");
    }

    @Test
    void refusesAnotherDevicesCertificate() throws Exception { // S-AUTH-5, S-AUTH-8
        createCaDevice("cam-a");
        createCaDevice("cam-b");
        Issued ofA = TestCertificates.certificate("cam-a").issuedBy(fleetCa).build();
        assertRefused(send(ofA, "cam-b", "x"), "cam-b", "certificate CN 'cam-a' is not the identity cam-b");
    }

    @Test
    void aCertificateProvesNothingForASasDevice() throws Exception { // S-AUTH-3
        createDevice("sas-1");
        Issued leaf = TestCertificates.certificate("sas-1").issuedBy(fleetCa).build();
        assertRefused(send(leaf, "sas-1", "x"), "sas-1", "client certificate for a SAS identity");
    }

    private HttpResponse<String> send(Issued certificate, String deviceId, String body) throws Exception {
        HttpClient client = HttpClient.newBuilder().sslContext(TestCertificates.clientContext(ca, certificate))
                .build();
        return client.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + hub.httpsPort() + "/devices/"
                        + deviceId + "/messages/events")).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private void assertRefused(HttpResponse<String> answer, String deviceId, String reason) throws Exception {
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(401);
        assertThat(JSON.readTree(answer.body()).path("type").asText()).isEqualTo("urn:bulwark:problem:unauthenticated");
        assertThat(answer.body()).doesNotContain(reason);
        AuditRecord refusal = lastAuthFailure();
        assertThat(refusal.actor()).isEqualTo("device:" + deviceId);
        assertThat(refusal.target()).isEqualTo("device-connect");
        assertThat(refusal.source()).isEqualTo("127.0.0.1");
        assertThat(refusal.detail()).contains(reason);
        assertThat(readTelemetry()).isEmpty();
    }
}
