package io.bulwark.hub.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bulwark.hub.Hub;
import io.bulwark.hub.HubConfig;
import io.bulwark.hub.ServiceClient;
import io.bulwark.hub.audit.AuditOutcome;
import io.bulwark.hub.audit.AuditRecord;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The service REST API over real HTTPS: the happy paths, and bad input that must change nothing. */
class ServiceApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path data;
    Hub hub;
    ServiceClient api;

    @BeforeEach
    void start() {
        hub = Hub.start(HubConfig.forTests(data));
        api = ServiceClient.forPolicy(hub.dataFolder(), hub.httpsPort(), "iothubowner");
    }

    @AfterEach
    void stop() {
        hub.close();
    }

    @Test
    void createsReadsUpdatesAndDeletesADevice() throws Exception {
        HttpResponse<String> created = api.put("/devices/sensor-1", "{\"tags\":{\"building\":\"43\"}}");
        assertThat(created.statusCode()).isEqualTo(200);
        JsonNode device = JSON.readTree(created.body());
        assertThat(device.path("deviceId").asText()).isEqualTo("sensor-1");
        assertThat(device.path("status").asText()).isEqualTo("enabled");
        assertThat(device.at("/authentication/type").asText()).isEqualTo("sas");
        assertThat(device.at("/authentication/symmetricKey/primaryKey").asText()).hasSize(44);
        assertThat(device.at("/tags/building").asText()).isEqualTo("43");
        String etag = device.path("etag").asText();
        assertThat(created.headers().firstValue("ETag")).contains("\"" + etag + "\"");

        HttpResponse<String> read = api.get("/devices/sensor-1");
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(read.body()).at("/authentication/symmetricKey/primaryKey").asText())
                .isEqualTo(device.at("/authentication/symmetricKey/primaryKey").asText());

        HttpResponse<String> disabled = api.put("/devices/sensor-1",
                "{\"status\":\"disabled\",\"statusReason\":\"lost\"}", "If-Match", "\"" + etag + "\"");
        assertThat(disabled.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(disabled.body()).path("status").asText()).isEqualTo("disabled");

        assertThat(api.delete("/devices/sensor-1").statusCode()).isEqualTo(204);
        assertProblem(api.get("/devices/sensor-1"), 404, "device-not-found");
    }

    @Test
    void staleEtagIsRefusedAndChangesNothing() throws Exception {
        String etag = JSON.readTree(api.put("/devices/d1", "{}").body()).path("etag").asText();
        api.put("/devices/d1", "{\"statusReason\":\"first\"}", "If-Match", etag);

        assertProblem(api.put("/devices/d1", "{\"status\":\"disabled\"}", "If-Match", etag), 412, "etag-mismatch");
        assertProblem(api.delete("/devices/d1", "If-Match", etag), 412, "etag-mismatch");
        assertLastAudit("device.delete", AuditOutcome.FAILURE);

        JsonNode current = JSON.readTree(api.get("/devices/d1").body());
        assertThat(current.path("status").asText()).isEqualTo("enabled");
        assertThat(current.path("statusReason").asText()).isEqualTo("first");
    }

    @Test
    void createOfAnExistingDeviceConflicts() {
        api.put("/devices/twice", "{}");
        assertProblem(api.put("/devices/twice", "{}"), 409, "device-exists");
        assertLastAudit("device.create", AuditOutcome.FAILURE);
    }

    @Test
    void invalidIdsAreRefused() {
        String tooLong = "a".repeat(129);
        assertProblem(api.put("/devices/" + tooLong, "{}"), 400, "invalid-id");
        assertProblem(api.put("/devices/white%20space", "{}"), 400, "invalid-id");
        assertProblem(api.put("/devices/slash%2Fin%2Fid", "{}"), 400, "invalid-id");
        assertProblem(api.put("/devices/%C3%A9t%C3%A9", "{}"), 400, "invalid-id");
        assertProblem(api.put("/devices/ok/modules/" + tooLong, "{}"), 400, "invalid-id");
        assertThat(hub.auditLog().latest().orElseThrow().action()).isEqualTo("hub.start");
        assertThat(deviceCount()).isZero();
    }

    @Test
    void malformedBodiesAreRefusedWithoutChange() {
        assertProblem(api.put("/devices/j1", "{\"status\": "), 400, "invalid-json");
        assertProblem(api.put("/devices/j1", "[1,2]"), 400, "invalid-json");
        assertProblem(api.put("/devices/j1", "{\"status\": 5}"), 400, "invalid-json");
        assertProblem(api.put("/devices/j1", "{\"tags\": {\"a\": 1}}"), 400, "invalid-json");
        assertProblem(api.put("/devices/j1", "{\"capabilities\": {\"iotEdge\": \"yes\"}}"), 400, "invalid-json");
        assertProblem(api.put("/devices/j1", "{\"status\": \"sleeping\"}"), 400, "invalid-status");
        assertProblem(api.put("/devices/j1", "{\"deviceId\": \"other\"}"), 400, "id-mismatch");
        assertProblem(api.put("/devices/j1",
                "{\"authentication\":{\"symmetricKey\":{\"primaryKey\":\"short\",\"secondaryKey\":\"short\"}}}"),
                400, "invalid-key");
        assertThat(deviceCount()).isZero();
    }

    @Test
    void bodiesOverTheLimitAreRefused() {
        String huge = "{\"statusReason\":\"" + "x".repeat(300 * 1024) + "\"}";
        assertProblem(api.put("/devices/big", huge), 413, "body-too-large");
        assertThat(deviceCount()).isZero();
    }

    @Test
    void unknownFieldsAreIgnoredAndReadOnlyFieldsCannotBeForced() throws Exception {
        JsonNode device = JSON.readTree(api.put("/devices/ro",
                "{\"etag\":\"mine\",\"generationId\":\"1\",\"connectionState\":\"Connected\",\"color\":\"red\"}")
                .body());
        assertThat(device.path("etag").asText()).isNotEqualTo("mine");
        assertThat(device.path("generationId").asText()).isNotEqualTo("1");
    }

    @Test
    void listsDevicesPageByPageWithoutKeys() throws Exception {
        for (int i = 0; i < 7; i++) {
            api.put(String.format("/devices/l%02d", i), i % 2 == 0 ? "{\"tags\":{\"kind\":\"meter\"}}" : "{}");
        }
        List<String> ids = new ArrayList<>();
        String path = "/devices?pageSize=3";
        while (path != null) {
            HttpResponse<String> page = api.get(path);
            assertThat(page.statusCode()).isEqualTo(200);
            for (JsonNode device : JSON.readTree(page.body())) {
                ids.add(device.path("deviceId").asText());
                assertThat(device.at("/authentication/symmetricKey/primaryKey").isNull()).isTrue();
            }
            path = page.headers().firstValue("x-ms-continuation")
                    .map(token -> "/devices?pageSize=3&continuationToken=" + token).orElse(null);
        }
        assertThat(ids).containsExactly("l00", "l01", "l02", "l03", "l04", "l05", "l06");
        assertThat(JSON.readTree(api.get("/devices?tag=kind:meter").body())).hasSize(4);
        assertProblem(api.get("/devices?pageSize=0"), 400, "invalid-page-size");
        assertProblem(api.get("/devices?continuationToken=***"), 400, "invalid-continuation-token");
    }

    @Test
    void regeneratesOneKey() throws Exception {
        JsonNode before = JSON.readTree(api.put("/devices/rot", "{}").body());
        JsonNode after = JSON.readTree(api.post("/devices/rot/regenerateKey", "{\"key\":\"primary\"}").body());
        assertThat(after.at("/authentication/symmetricKey/primaryKey").asText())
                .isNotEqualTo(before.at("/authentication/symmetricKey/primaryKey").asText());
        assertThat(after.at("/authentication/symmetricKey/secondaryKey").asText())
                .isEqualTo(before.at("/authentication/symmetricKey/secondaryKey").asText());
        assertProblem(api.post("/devices/rot/regenerateKey", "{\"key\":\"tertiary\"}"), 400, "invalid-key-slot");
    }

    @Test
    void modulesLiveUnderTheirDevice() throws Exception {
        assertProblem(api.put("/devices/nohost/modules/m1", "{}"), 404, "device-not-found");
        api.put("/devices/host", "{}");
        assertThat(api.put("/devices/host/modules/m1", "{}").statusCode()).isEqualTo(200);
        JsonNode modules = JSON.readTree(api.get("/devices/host/modules").body());
        assertThat(modules).hasSize(1);
        assertThat(modules.get(0).path("moduleId").asText()).isEqualTo("m1");
        assertThat(api.delete("/devices/host").statusCode()).isEqualTo(204);
        assertProblem(api.get("/devices/host/modules/m1"), 404, "module-not-found");
    }

    @Test
    void importsAllOrNothingAndExportsWithKeys() throws Exception {
        String good = "{\"deviceId\":\"i1\"}\n{\"deviceId\":\"i2\",\"tags\":{\"a\":\"b\"}}\n\n"
                + "{\"deviceId\":\"i2\",\"moduleId\":\"m\"}\n";
        HttpResponse<String> imported = api.post("/import", good, "Content-Type", "application/x-ndjson");
        assertThat(imported.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(imported.body()).path("created").asInt()).isEqualTo(3);

        String bad = "{\"deviceId\":\"i3\"}\n{\"deviceId\":\"i1\"}\n{\"deviceId\":\"bad id\"}\nnot json\n";
        HttpResponse<String> refused = api.post("/import", bad, "Content-Type", "application/x-ndjson");
        assertProblem(refused, 400, "invalid-import");
        assertThat(refused.body()).contains("line 3");
        assertThat(deviceCount()).isEqualTo(2);

        HttpResponse<String> exported = api.get("/export");
        assertThat(exported.statusCode()).isEqualTo(200);
        List<String> lines = exported.body().lines().toList();
        assertThat(lines).hasSize(3);
        assertThat(JSON.readTree(lines.get(0)).at("/authentication/symmetricKey/primaryKey").asText()).hasSize(44);
        assertLastAudit("device.export", AuditOutcome.SUCCESS);
    }

    @Test
    void auditLogIsQueryableWithFilters() throws Exception {
        api.put("/devices/a1", "{}");
        api.put("/devices/a1", "{}");
        JsonNode failures = JSON.readTree(api.get("/audit?action=device.create&outcome=failure").body());
        assertThat(failures).hasSize(1);
        assertThat(failures.get(0).path("target").asText()).isEqualTo("device:a1");
        assertThat(failures.get(0).path("actor").asText()).isEqualTo("policy:iothubowner");
        assertThat(failures.get(0).path("source").asText()).isEqualTo("127.0.0.1");
        JsonNode page = JSON.readTree(api.get("/audit?pageSize=2").body());
        assertThat(page).hasSize(2);
        long last = page.get(1).path("sequence").asLong();
        JsonNode next = JSON.readTree(api.get("/audit?after=" + last).body());
        assertThat(next.get(0).path("sequence").asLong()).isEqualTo(last + 1);
        assertProblem(api.get("/audit?outcome=maybe"), 400, "invalid-query");
        assertProblem(api.get("/audit?from=yesterday"), 400, "invalid-query");
    }

    @Test
    void metricsAndHealthAnswer() {
        api.put("/devices/m1", "{}");
        HttpResponse<String> metrics = api.get("/metrics");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("bulwark_registry_devices 1.0").contains("bulwark_http_requests");
        HttpResponse<String> health = api.send(api.unauthenticated("/health").GET());
        assertThat(health.body()).isEqualTo("{\"status\":\"ok\"}");
        assertThat(health.headers().firstValue("Strict-Transport-Security")).isPresent();
        assertThat(health.headers().firstValue("Server")).isEmpty();
    }

    @Test
    void unknownRoutesAnswerWithAProblem() {
        HttpResponse<String> answer = api.send(api.request("/nowhere").method("PATCH",
                HttpRequest.BodyPublishers.noBody()));
        assertThat(answer.statusCode()).isEqualTo(404);
        assertThat(answer.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
    }

    private long deviceCount() {
        try {
            return JSON.readTree(api.get("/devices?pageSize=1000").body()).size();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private void assertLastAudit(String action, AuditOutcome outcome) {
        AuditRecord last = hub.auditLog().latest().orElseThrow();
        assertThat(last.action()).isEqualTo(action);
        assertThat(last.outcome()).isEqualTo(outcome);
    }

    static void assertProblem(HttpResponse<String> answer, int status, String slug) {
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(status);
        assertThat(answer.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        try {
            JsonNode problem = JSON.readTree(answer.body());
            assertThat(problem.path("type").asText()).isEqualTo("urn:bulwark:problem:" + slug);
            assertThat(problem.path("status").asInt()).isEqualTo(status);
            assertThat(problem.path("detail").asText()).isNotBlank();
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }
}
