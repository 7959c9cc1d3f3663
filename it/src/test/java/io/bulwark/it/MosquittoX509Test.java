package io.bulwark.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bulwark.hub.Hub;
import io.bulwark.hub.HubConfig;
import io.bulwark.hub.ServiceClient;
import io.bulwark.hub.audit.AuditRecord;
import io.bulwark.hub.tls.PemFiles;
import io.bulwark.hub.x509.TestCertificates;
import io.bulwark.hub.x509.TestCertificates.Issued;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Eclipse Mosquitto's {@code mosquitto_pub} as an independent X.509 device (S-AUTH-8): {@code --cert/--key} with a
 * certificate signed by a registered, verified CA, {@code --cafile} the hub CA, no password.
 */
class MosquittoX509Test {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path data;
    @TempDir
    Path files;
    Hub hub;
    ServiceClient api;
    Issued fleetCa;

    @BeforeEach
    void start() throws Exception {
        boolean installed = Files.isExecutable(Path.of("/usr/bin/mosquitto_pub"));
        if (!installed) {
            System.out.println("MosquittoX509Test skipped: mosquitto-clients is not installed (.ci/run installs it)");
        }
        assumeTrue(installed, "mosquitto-clients not installed");
        HubConfig defaults = HubConfig.forTests(data);
        hub = Hub.start(new HubConfig(data, defaults.hostNames(), defaults.bindAddress(), 0, 0, defaults.limits(),
                hubEnvironment()));
        api = ServiceClient.forPolicy(hub.dataFolder(), hub.httpsPort(), "iothubowner");
        fleetCa = TestCertificates.rootCa("Fleet Root");
        String code = JSON.readTree(api.put("/certificates/fleet", JSON.createObjectNode()
                .put("certificate", fleetCa.pem()).toString()).body()).path("verificationCode").asText();
        HttpResponse<String> verified = api.post("/certificates/fleet/verify", JSON.createObjectNode()
                .put("certificate", TestCertificates.certificate(code).issuedBy(fleetCa).build().pem()).toString());
        assertThat(verified.statusCode()).as(verified.body()).isEqualTo(200);
        assertThat(api.put("/devices/mosq-cam", "{\"authentication\":{\"type\":\"certificateAuthority\"}}")
                .statusCode()).isEqualTo(200);
    }

    /** The hub's environment; the JDK-TLS subclass turns native TLS off. */
    Map<String, String> hubEnvironment() {
        return Map.of();
    }

    @AfterEach
    void stop() {
        if (hub != null) {
            hub.close();
        }
    }

    @Test
    void mosquittoPubWithACaSignedCertificateSendsTelemetry() throws Exception {
        Issued device = TestCertificates.certificate("mosq-cam").issuedBy(fleetCa).build();
        Result pub = publish(device, "mosq-cam");
        assertThat(pub.exitCode()).as(pub.output()).isZero();
        JsonNode stored = JSON.readTree(api.get("/streams/telemetry/messages").body());
        assertThat(stored).hasSize(1);
        assertThat(stored.get(0).path("deviceId").asText()).isEqualTo("mosq-cam");
        assertThat(stored.get(0).at("/properties/kind").asText()).isEqualTo("mosquitto-x509");
        assertThat(new String(Base64.getDecoder().decode(stored.get(0).path("body").asText()), StandardCharsets.UTF_8))
                .isEqualTo("hello");
    }

    @Test
    void mosquittoPubWithACertificateOfAnotherCaIsRefused() throws Exception { // S-AUTH-8
        Issued stranger = TestCertificates.certificate("mosq-cam").issuedBy(TestCertificates.rootCa("Other"))
                .build();
        Result pub = publish(stranger, "mosq-cam");
        assertThat(pub.exitCode()).as(pub.output()).isNotZero();
        assertThat(JSON.readTree(api.get("/streams/telemetry/messages").body())).isEmpty();
        AuditRecord refusal = hub.auditLog().latest().orElseThrow();
        assertThat(refusal.action()).isEqualTo("auth.failure");
        assertThat(refusal.actor()).isEqualTo("device:mosq-cam");
        assertThat(refusal.detail()).isEqualTo("certificate does not chain to a registered, verified CA");
    }

    private record Result(int exitCode, String output) {
    }

    private Result publish(Issued device, String clientId) throws Exception {
        Path cert = files.resolve(clientId + ".crt.pem");
        Path key = files.resolve(clientId + ".key.pem");
        PemFiles.writeCertificates(cert, List.of(device.certificate()));
        PemFiles.writePrivateKey(key, device.privateKey());
        List<String> command = new ArrayList<>(List.of("mosquitto_pub", "-h", "127.0.0.1",
                "-p", String.valueOf(hub.mqttPort()), "--cafile", hub.dataFolder().caCertificate().toString(),
                "--cert", cert.toString(), "--key", key.toString(), "-V", "mqttv311", "-i", clientId,
                "-u", "127.0.0.1/" + clientId + "/?api-version=2021-04-12",
                "-t", "devices/" + clientId + "/messages/events/kind=mosquitto-x509", "-m", "hello", "-q", "1"));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new Result(process.exitValue(), output);
    }
}
