package io.bulwark.hub.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bulwark.hub.ServiceClient;
import io.bulwark.hub.audit.AuditOutcome;
import io.bulwark.hub.audit.AuditRecord;
import io.bulwark.hub.security.posture.Snapshots;
import io.bulwark.hub.security.posture.StoredPosture;
import io.bulwark.protocol.security.PostureSnapshot.ListeningPort;
import io.bulwark.protocol.security.PostureSnapshot.OperatingSystem;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /deviceClasses}, {@code /devices/{id}/posture}, {@code /posture/findings}, {@code /posture/fleet} (S-MON-2). */
class DeviceClassAndPostureRoutesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String GATEWAY_CLASS = """
            {"expectedReportIntervalSeconds": 3600,
             "baseline": {"minimumOsVersions": {"debian": "12"}, "minimumFirmwareVersion": "2.4.0",
                          "antivirusRequired": true, "maxSignatureAgeSeconds": 86400,
                          "allowedListeningPorts": [{"protocol": "tcp", "port": 22}],
                          "usbAllowed": false, "firewallRequired": true, "maxPendingSecurityUpdates": 0}}""";

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
    void createsReadsReplacesWithIfMatchAndDeletesADeviceClass() throws Exception {
        HttpResponse<String> created = api.put("/deviceClasses/gateway", GATEWAY_CLASS);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode body = JSON.readTree(created.body());
        String etag = body.path("etag").asText();
        assertThat(created.headers().firstValue("ETag")).contains("\"" + etag + "\"");
        assertThat(body.path("expectedReportIntervalSeconds").asLong()).isEqualTo(3600);
        assertThat(body.path("baseline").path("minimumOsVersions").path("debian").asText()).isEqualTo("12");
        assertThat(body.path("baseline").path("allowedListeningPorts").get(0).path("port").asInt()).isEqualTo(22);
        assertThat(body.path("baseline").path("usbAllowed").asBoolean()).isFalse();
        assertLastAudit("deviceClass.create", AuditOutcome.SUCCESS);

        assertProblem(api.put("/deviceClasses/gateway", GATEWAY_CLASS, "If-Match", "\"stale\""), 412,
                "etag-mismatch");
        assertLastAudit("deviceClass.update", AuditOutcome.FAILURE);
        HttpResponse<String> replaced = api.put("/deviceClasses/gateway", "{\"baseline\": {\"usbAllowed\": true}}",
                "If-Match", "\"" + etag + "\"");
        assertThat(replaced.statusCode()).as(replaced.body()).isEqualTo(200);
        assertThat(JSON.readTree(replaced.body()).path("baseline").path("usbAllowed").asBoolean()).isTrue();
        assertThat(JSON.readTree(api.get("/deviceClasses").body())).hasSize(1);

        assertThat(api.delete("/deviceClasses/gateway").statusCode()).isEqualTo(204);
        assertLastAudit("deviceClass.delete", AuditOutcome.SUCCESS);
        assertProblem(api.get("/deviceClasses/gateway"), 404, "device-class-not-found");
    }

    @Test
    void refusesAnInvalidBaselineWithAProblemDocument() throws Exception {
        assertProblem(api.put("/deviceClasses/gateway", "{\"baseline\": {\"allowedListeningPorts\": "
                + "[{\"protocol\": \"sctp\", \"port\": 1}]}}"), 400, "invalid-baseline");
        assertProblem(api.put("/deviceClasses/gateway", "{\"baseline\": {\"usbAllowed\": \"no\"}}"), 400,
                "invalid-baseline");
        assertProblem(api.put("/deviceClasses/bad%20name", "{}"), 400, "invalid-device-class-name");
        assertProblem(api.get("/deviceClasses/gateway"), 404, "device-class-not-found");
    }

    @Test
    void refusesClassWritesWithoutRegistryWriteAndPostureReadsWithoutRegistryRead() throws Exception {
        HttpResponse<String> write = fixture.client("registryRead").put("/deviceClasses/gateway", GATEWAY_CLASS);
        assertProblem(write, 403, "forbidden");
        AuditRecord refusal = fixture.core.audit.latest().orElseThrow();
        assertThat(refusal.outcome()).isEqualTo(AuditOutcome.DENIED);
        assertThat(refusal.actor()).isEqualTo("policy:registryRead");
        assertThat(refusal.action()).isEqualTo("deviceClass.write");
        assertProblem(api.get("/deviceClasses/gateway"), 404, "device-class-not-found");

        assertProblem(fixture.client("service").get("/posture/fleet"), 403, "forbidden");
        assertProblem(fixture.client("service").get("/posture/findings"), 403, "forbidden");
        assertThat(fixture.core.audit.latest().orElseThrow().action()).isEqualTo("posture.findings");
    }

    @Test
    void showsADevicesPostureWithItsFindingsAndFiltersTheFleetsFindings() throws Exception {
        api.put("/deviceClasses/gateway", GATEWAY_CLASS);
        api.put("/devices/gw-1", "{\"deviceId\": \"gw-1\", \"tags\": {\"deviceClass\": \"gateway\"}}");
        api.put("/devices/gw-2", "{\"deviceId\": \"gw-2\", \"tags\": {\"deviceClass\": \"gateway\"}}");
        Instant now = Instant.now();
        fixture.postureChecker.check(new StoredPosture("gw-1", 41, now, now,
                Snapshots.withPorts(new ListeningPort("tcp", 4, "0.0.0.0", 23))));
        fixture.postureChecker.check(new StoredPosture("gw-2", 42, now, now, Snapshots.withFirmware("2.3")));

        JsonNode posture = JSON.readTree(api.get("/devices/gw-1/posture").body());
        assertThat(posture.path("deviceClass").asText()).isEqualTo("gateway");
        assertThat(posture.path("offset").asLong()).isEqualTo(41);
        assertThat(posture.path("snapshot").path("listeningPorts").get(0).path("port").asInt()).isEqualTo(23);
        JsonNode finding = posture.path("findings").get(0);
        assertThat(finding.path("check").asText()).isEqualTo("listening-ports");
        assertThat(finding.path("severity").asText()).isEqualTo("high");
        assertThat(finding.path("state").asText()).isEqualTo("open");
        assertThat(finding.path("message").asText()).isEqualTo("listening on ports the class does not allow: tcp/23");
        assertThat(finding.path("remediation").asText()).isNotBlank();
        assertThat(finding.path("evidenceOffset").asLong()).isEqualTo(41);

        JsonNode all = JSON.readTree(api.get("/posture/findings").body());
        assertThat(all).extracting(node -> node.path("deviceId").asText()).containsExactly("gw-1", "gw-2");
        JsonNode firmware = JSON.readTree(api.get("/posture/findings?check=firmware-version").body());
        assertThat(firmware).extracting(node -> node.path("deviceId").asText()).containsExactly("gw-2");
        assertThat(JSON.readTree(api.get("/posture/findings?deviceId=gw-1&state=closed").body())).isEmpty();
        assertProblem(api.get("/posture/findings?severity=urgent"), 400, "invalid-severity");
        assertProblem(api.get("/devices/nobody/posture"), 404, "device-not-found");

        // Each new finding raised an alert keyed by device and check, with the snapshot's offset as evidence.
        JsonNode alerts = JSON.readTree(api.get("/alerts?deviceId=gw-1&rule=posture").body());
        assertThat(alerts).hasSize(1);
        JsonNode alert = alerts.get(0);
        assertThat(alert.path("rule").asText()).isEqualTo("posture");
        assertThat(alert.path("dedupKey").asText()).isEqualTo("posture:listening-ports:device:gw-1");
        assertThat(alert.path("severity").asText()).isEqualTo("high");
        assertThat(alert.path("evidence").get(0).path("stream").asText()).isEqualTo("security");
        assertThat(alert.path("evidence").get(0).path("offset").asLong()).isEqualTo(41);
    }

    @Test
    void aDeviceWithoutPostureAnswersAnEmptyPosture() throws Exception {
        api.put("/devices/quiet", "{\"deviceId\": \"quiet\"}");
        JsonNode posture = JSON.readTree(api.get("/devices/quiet/posture").body());
        assertThat(posture.path("snapshot").isNull()).isTrue();
        assertThat(posture.path("deviceClass").isNull()).isTrue();
        assertThat(posture.path("findings")).isEmpty();
    }

    @Test
    void theFleetViewGroupsDevicesByOsKernelAndFirmware() throws Exception {
        Instant now = Instant.now();
        for (String id : new String[] {"a", "b", "c"}) {
            api.put("/devices/" + id, "{\"deviceId\": \"" + id + "\"}");
        }
        fixture.postureChecker.check(new StoredPosture("a", 1, now, now, Snapshots.healthy()));
        fixture.postureChecker.check(new StoredPosture("b", 2, now, now, Snapshots.healthy()));
        fixture.postureChecker.check(new StoredPosture("c", 3, now, now,
                Snapshots.withOs(new OperatingSystem("ubuntu", "Ubuntu", "24.04"))));
        JsonNode fleet = JSON.readTree(api.get("/posture/fleet").body());
        assertThat(fleet.path("devices").asInt()).isEqualTo(3);
        JsonNode os = fleet.path("operatingSystems");
        assertThat(os.get(0).path("version").asText()).isEqualTo("debian 12");
        assertThat(os.get(0).path("count").asInt()).isEqualTo(2);
        assertThat(os.get(0).path("devices")).extracting(JsonNode::asText).containsExactly("a", "b");
        assertThat(os.get(1).path("version").asText()).isEqualTo("ubuntu 24.04");
        assertThat(fleet.path("kernels").get(0).path("count").asInt()).isEqualTo(3);
        assertThat(fleet.path("firmware").get(0).path("version").asText()).isEqualTo("2.4.1");

        assertThat(api.delete("/devices/c").statusCode()).isEqualTo(204);
        JsonNode withoutDeleted = JSON.readTree(api.get("/posture/fleet").body());
        assertThat(withoutDeleted.path("devices").asInt()).isEqualTo(2);
        assertThat(withoutDeleted.path("operatingSystems")).hasSize(1);
    }

    private void assertLastAudit(String action, AuditOutcome outcome) {
        AuditRecord last = fixture.core.audit.latest().orElseThrow();
        assertThat(last.action()).isEqualTo(action);
        assertThat(last.outcome()).isEqualTo(outcome);
        assertThat(last.target()).isEqualTo("deviceClass:gateway");
        assertThat(last.actor()).isEqualTo("policy:iothubowner");
    }

    private static void assertProblem(HttpResponse<String> answer, int status, String slug) throws Exception {
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(status);
        assertThat(answer.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(JSON.readTree(answer.body()).path("type").asText()).isEqualTo("urn:bulwark:problem:" + slug);
    }
}
