package io.bulwark.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.bulwark.hub.tls.PemFiles;
import io.bulwark.hub.tls.TrustedHubCa;
import io.bulwark.hub.x509.TestCertificates;
import io.bulwark.hub.x509.TestCertificates.Issued;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.KeyPair;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The hub CA's certificate revocation list at {@code GET /crl/hub-ca.crl} (S-AUTH-6): DER, readable without
 * credentials, signed by the hub CA, listing the serial numbers of revoked certificates the hub CA issued and no
 * others.
 */
class HubCaCrlTest extends MqttHubTest {

    @Test
    void publishesASignedCrlListingTheRevokedSerialsOfHubCaCertificates() throws Exception {
        X509Certificate hubCa = PemFiles.readCertificate(hub.dataFolder().caCertificate());
        Issued hubCaKeys = new Issued(hubCa, new KeyPair(hubCa.getPublicKey(),
                PemFiles.readPrivateKey(hub.dataFolder().root().resolve("ca.key.pem"))));
        Issued revoked = TestCertificates.certificate("cam-1").issuedBy(hubCaKeys).build();
        Issued stillValid = TestCertificates.certificate("cam-2").issuedBy(hubCaKeys).build();
        Issued ofAnotherCa = TestCertificates.certificate("cam-3").issuedBy(TestCertificates.rootCa("Fleet Root"))
                .build();
        for (Issued certificate : new Issued[] {revoked, ofAnotherCa}) {
            HttpResponse<String> made = api.post("/revocations/certificates", JSON.createObjectNode()
                    .put("certificate", certificate.pem()).toString(), "Content-Type", "application/json");
            assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
        }

        HttpResponse<byte[]> answer = HttpClient.newBuilder().sslContext(TrustedHubCa.clientContext(ca)).build()
                .send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + hub.httpsPort() + "/crl/hub-ca.crl"))
                        .GET().build(), HttpResponse.BodyHandlers.ofByteArray());

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/pkix-crl");
        X509CRL crl = (X509CRL) CertificateFactory.getInstance("X.509")
                .generateCRL(new ByteArrayInputStream(answer.body()));
        crl.verify(hubCa.getPublicKey()); // throws unless the hub CA's key signed it
        assertThat(crl.getIssuerX500Principal()).isEqualTo(hubCa.getSubjectX500Principal());
        assertThat(crl.getThisUpdate().toInstant()).isBefore(Instant.now().plusSeconds(1));
        assertThat(crl.getNextUpdate().toInstant()).isAfter(Instant.now().plus(Duration.ofHours(12)));
        assertThat(crl.isRevoked(revoked.certificate())).isTrue();
        assertThat(crl.isRevoked(stillValid.certificate())).isFalse();
        assertThat(crl.getRevokedCertificates()).singleElement().satisfies(entry ->
                assertThat(entry.getSerialNumber()).isEqualTo(revoked.certificate().getSerialNumber()));
    }
}
