package io.bulwark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.bulwark.hub.HubConfig;
import io.bulwark.hub.tls.HubCertificateAuthority;
import io.bulwark.hub.tls.TrustedHubCa;
import io.bulwark.protocol.sas.SasToken;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code audit run}, {@code audit report} (S-MON-3) and {@code posture fleet} (S-MON-2) against a running hub. */
class FleetAuditAndPostureCommandTest {

    private static final String THUMBPRINT = "c".repeat(64);

    @TempDir
    Path temp;
    private RunningHub hub;
    private HttpClient https;

    @BeforeEach
    void startHub() {
        hub = RunningHub.start(temp.resolve("data"));
        https = HttpClient.newBuilder().sslContext(TrustedHubCa.clientContext(
                hub.hub().dataFolder().root().resolve(HubCertificateAuthority.CERTIFICATE_FILE))).build();
    }

    @AfterEach
    void stopHub() {
        hub.close();
    }

    @Test
    void auditRunOnACleanHubReportsEveryCheckOkAndExitsZero() {
        CliRunner.Result run = hub.run("audit", "run");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.lines().get(0)).containsPattern("fleet audit [0-9a-f]{32}: done, request by policy:iothubowner");
        assertThat(run.out()).contains("0 findings").contains("permissive-policies").contains("audit-log-verifiable")
                .contains("ca-expiry").contains("shared-credentials").contains("rule: ");
        assertThat(run.out()).doesNotContain("ERROR");
    }

    @Test
    void auditRunNamesASharedCertificateExitsFourAndTheReportReadsBackLatestOrById() throws Exception {
        for (String id : new String[] {"cam-1", "cam-2"}) {
            HttpResponse<String> put = owner("PUT", "/devices/" + id, "{\"deviceId\": \"" + id + "\", "
                    + "\"authentication\": {\"type\": \"selfSigned\", \"x509Thumbprint\": {\"primaryThumbprint\": \""
                    + THUMBPRINT + "\"}}}");
            assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        }
        CliRunner.Result run = hub.run("audit", "run");
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(CliFailure.AUDIT_FINDINGS);
        assertThat(run.out()).contains("1 finding").containsPattern("shared-credentials\\s+1 finding")
                .contains("certificate " + THUMBPRINT + " is registered for 2 identities: device:cam-1, device:cam-2");
        String id = run.lines().get(0).split(" ")[2].replace(":", "");

        CliRunner.Result latest = hub.run("audit", "report");
        assertThat(latest.exitCode()).isEqualTo(CliFailure.AUDIT_FINDINGS);
        assertThat(latest.out()).isEqualTo(run.out());
        assertThat(hub.run("audit", "report", id).out()).isEqualTo(run.out());
    }

    @Test
    void auditReportBeforeAnyRunFailsWithTheHubsProblem() {
        CliRunner.Result report = hub.run("audit", "report");
        assertThat(report.exitCode()).isEqualTo(CliFailure.FAILED);
        assertThat(report.err()).contains("no fleet audit has run yet");
    }

    @Test
    void postureFleetShowsWhichDevicesRunWhichVersions() throws Exception {
        for (String id : new String[] {"gw-1", "gw-2"}) {
            assertThat(hub.run("device", "create", id).exitCode()).isZero();
        }
        sendPosture("gw-1", "12", "2.4.1");
        sendPosture("gw-2", "11", "2.4.1");
        // The hub checks postures off the ingest path: wait, with a generous bound, until both are in.
        CliRunner.Result fleet = hub.run("posture", "fleet");
        for (long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
             !fleet.out().contains("2 devices with a posture") && System.nanoTime() < deadline; ) {
            Thread.sleep(100);
            fleet = hub.run("posture", "fleet");
        }
        assertThat(fleet.exitCode()).isZero();
        assertThat(fleet.out()).containsPattern("debian 11\\s+1  gw-2").containsPattern("debian 12\\s+1  gw-1")
                .containsPattern("2\\.4\\.1\\s+2  gw-1, gw-2");
    }

    private void sendPosture(String deviceId, String osVersion, String firmware) throws Exception {
        String body = "{\"schema\": \"bulwark.security/1\", \"type\": \"posture\", \"sequence\": 1, \"bootId\": \"b1\", "
                + "\"time\": \"" + Instant.now() + "\", \"detail\": {\"os\": {\"id\": \"debian\", \"name\": \"Debian\", "
                + "\"version\": \"" + osVersion + "\"}, \"kernel\": \"6.1.0\", \"firmwareVersion\": \"" + firmware
                + "\", \"listeningPorts\": [], \"usbDevices\": []}}";
        String token = SasToken.create(host() + "/devices/" + deviceId,
                Base64.getDecoder().decode(hub.primaryKey(deviceId)), Instant.now().plusSeconds(600), null).format();
        HttpResponse<String> sent = https.send(HttpRequest.newBuilder(uri("/devices/" + deviceId + "/messages/events"))
                .header("Authorization", token).header("iothub-app-bulwark-stream", "security")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(sent.statusCode()).as(sent.body()).isEqualTo(204);
    }

    private HttpResponse<String> owner(String method, String path, String json) throws Exception {
        String token = SasToken.create(host(), Base64.getDecoder().decode(hub.policyKey("iothubowner")),
                Instant.now().plusSeconds(600), "iothubowner").format();
        return https.send(HttpRequest.newBuilder(uri(path)).header("Authorization", token)
                .header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private String host() {
        return HubConfig.forTests(temp).primaryHostName();
    }

    private URI uri(String path) {
        return URI.create("https://127.0.0.1:" + hub.hub().httpsPort() + path);
    }
}
