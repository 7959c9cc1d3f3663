package io.bulwark.hub.http;

import static io.bulwark.hub.http.DeviceRoutesTest.json;
import static io.bulwark.hub.http.ServiceApiTest.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.bulwark.hub.HubLimits;
import io.bulwark.hub.ServiceClient;
import io.bulwark.hub.audit.AuditOutcome;
import io.bulwark.hub.audit.AuditRecord;
import io.bulwark.hub.registry.DeviceQuery;
import io.bulwark.hub.registry.IdentityId;
import java.io.ByteArrayInputStream;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bulk import and export, the audit log, metrics and health over real HTTPS. */
class BulkAuditOpsRoutesTest {

    private static final int MAX_IMPORT_BYTES = 8 * 1024;
    private static final int MAX_IMPORT_LINES = 5;
    private static final String NDJSON = "application/x-ndjson";

    @TempDir
    Path dir;
    ApiFixture hub;
    ServiceClient owner;

    @BeforeEach
    void start() {
        HubLimits limits = new HubLimits(4096, MAX_IMPORT_BYTES, MAX_IMPORT_LINES, HubLimits.DEFAULTS.sasClockSkew(),
                HubLimits.DEFAULTS.mqttMaxPacketBytes(), HubLimits.DEFAULTS.mqttMaxConnectBytes(),
                HubLimits.DEFAULTS.mqttConnectTimeout(), HubLimits.DEFAULTS.mqttMaxKeepAlive(),
                HubLimits.DEFAULTS.deviceMessagesPerSecond(), HubLimits.DEFAULTS.deviceBytesPerSecond(),
                HubLimits.DEFAULTS.connectsPerSecondPerSource());
        hub = ApiFixture.start(dir, limits);
        owner = hub.client("iothubowner");
    }

    @AfterEach
    void stop() {
        hub.close();
    }

    @Test
    void importAppliesEveryModeAndAnswersTheCounts() {
        owner.put("/devices/old", "{}");
        owner.put("/devices/gone", "{}");
        String lines = """
                {"deviceId":"new-1"}
                {"deviceId":"new-1","moduleId":"m","importMode":"create"}

                {"deviceId":"old","importMode":"createOrUpdate","status":"disabled"}
                {"deviceId":"gone","importMode":"delete"}
                """;
        HttpResponse<String> answer = owner.post("/import", lines, "Content-Type", NDJSON);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        JsonNode counts = json(answer);
        assertThat(counts.path("created").asInt()).isEqualTo(2);
        assertThat(counts.path("updated").asInt()).isEqualTo(1);
        assertThat(counts.path("deleted").asInt()).isEqualTo(1);
        assertThat(hub.core.registry.get(IdentityId.module("new-1", "m"))).isNotNull();
        assertThat(hub.core.registry.get(IdentityId.device("old")).isEnabled()).isFalse();
        assertThat(deviceIds()).containsExactly("new-1", "old");
        assertLastAudit("device.import", AuditOutcome.SUCCESS);
    }

    @Test
    void aMalformedLineAbortsTheWholeImportAndIsNamed() {
        owner.put("/devices/keep", "{}");
        long auditBefore = hub.auditHead();
        List<String> bad = List.of(
                "{\"deviceId\":\"a\"}\n{\"deviceId\":\"b\"\n",
                "{\"deviceId\":\"a\"}\n[\"b\"]\n",
                "{\"deviceId\":\"a\"}\n{\"moduleId\":\"m\"}\n",
                "{\"deviceId\":\"a\"}\n{\"deviceId\":\"b c\"}\n",
                "{\"deviceId\":\"a\"}\n{\"deviceId\":\"b\",\"status\":5}\n",
                "{\"deviceId\":\"a\"}\n{\"deviceId\":\"b\",\"importMode\":\"upsert\"}\n");
        for (String body : bad) {
            HttpResponse<String> refused = owner.post("/import", body, "Content-Type", NDJSON);
            assertProblem(refused, 400, "invalid-import");
            assertThat(json(refused).path("detail").asText()).startsWith("line 2");
        }
        assertThat(deviceIds()).containsExactly("keep");
        assertThat(hub.auditHead()).isEqualTo(auditBefore);
    }

    @Test
    void aLineTheRegistryRefusesAbortsTheWholeImportAndIsAudited() {
        owner.put("/devices/taken", "{}");
        HttpResponse<String> refused = owner.post("/import",
                "{\"deviceId\":\"fresh\"}\n{\"deviceId\":\"taken\"}\n", "Content-Type", NDJSON);
        assertProblem(refused, 400, "invalid-import");
        assertThat(refused.body()).contains("line 2 (taken)");
        assertThat(deviceIds()).containsExactly("taken");
        assertLastAudit("device.import", AuditOutcome.FAILURE);
    }

    @Test
    void importsOverTheLineOrByteLimitAreRefusedWholesale() {
        String tooManyLines = IntStream.range(0, MAX_IMPORT_LINES + 1)
                .mapToObj(i -> "{\"deviceId\":\"d" + i + "\"}").collect(Collectors.joining("\n"));
        assertProblem(owner.post("/import", tooManyLines, "Content-Type", NDJSON), 413, "too-many-lines");

        String tooManyBytes = "{\"deviceId\":\"d\",\"padding\":\"" + "x".repeat(MAX_IMPORT_BYTES) + "\"}\n";
        assertProblem(owner.post("/import", tooManyBytes, "Content-Type", NDJSON), 413, "body-too-large");
        HttpResponse<String> chunked = owner.send(owner.request("/import", "Content-Type", NDJSON)
                .POST(HttpRequest.BodyPublishers.ofInputStream(
                        () -> new ByteArrayInputStream(tooManyBytes.getBytes(StandardCharsets.UTF_8)))));
        assertProblem(chunked, 413, "body-too-large");

        byte[] notUtf8 = {'{', '"', 'd', 'e', 'v', 'i', 'c', 'e', 'I', 'd', '"', ':', '"', (byte) 0xFF, '"', '}'};
        assertProblem(owner.send(owner.request("/import").POST(HttpRequest.BodyPublishers.ofByteArray(notUtf8))),
                400, "invalid-import");
        assertThat(deviceIds()).isEmpty();
    }

    @Test
    void exportStreamsEveryIdentityWithKeysAndIsAudited() {
        String key = json(owner.put("/devices/x1", "{}")).at("/authentication/symmetricKey/primaryKey").asText();
        owner.put("/devices/x1/modules/m", "{}");
        owner.put("/devices/x2", "{}");
        HttpResponse<String> exported = owner.get("/export");
        assertThat(exported.statusCode()).isEqualTo(200);
        assertThat(exported.headers().firstValue("Content-Type").orElse("")).startsWith(NDJSON);
        List<JsonNode> lines = exported.body().lines().map(BulkAuditOpsRoutesTest::parse).toList();
        assertThat(lines).extracting(line -> line.path("deviceId").asText() + "/" + line.path("moduleId").asText())
                .containsExactlyInAnyOrder("x1/null", "x1/m", "x2/null");
        assertThat(lines).allSatisfy(line ->
                assertThat(line.at("/authentication/symmetricKey/primaryKey").asText()).hasSize(44));
        assertThat(exported.body()).contains(key);
        assertLastAudit("device.export", AuditOutcome.SUCCESS);
    }

    @Test
    void theAuditLogIsFilteredAndPaged() {
        Instant start = Instant.now();
        owner.put("/devices/a1", "{}");
        owner.put("/devices/a1", "{}");
        hub.client("registryReadWrite").put("/devices/a2", "{}");

        JsonNode failures = json(owner.get("/audit?action=device.create&outcome=failure"));
        assertThat(failures).hasSize(1);
        assertThat(failures.get(0).path("target").asText()).isEqualTo("device:a1");
        assertThat(failures.get(0).path("source").asText()).isEqualTo("127.0.0.1");
        assertThat(failures.get(0).path("time").isTextual()).isTrue();
        JsonNode byActor = json(owner.get("/audit?actor=policy:registryReadWrite&from="
                + URLEncoder.encode(start.toString(), StandardCharsets.UTF_8)));
        assertThat(byActor).extracting(r -> r.path("target").asText()).containsExactly("device:a2");
        assertThat(json(owner.get("/audit?target=device:a1"))).hasSize(2);
        assertThat(json(owner.get("/audit?to=" + URLEncoder.encode(start.minusSeconds(3600).toString(),
                StandardCharsets.UTF_8)))).isEmpty();

        List<Long> sequences = new ArrayList<>();
        String path = "/audit?pageSize=2";
        while (path != null) {
            HttpResponse<String> page = owner.get(path);
            json(page).forEach(record -> sequences.add(record.path("sequence").asLong()));
            path = page.headers().firstValue("x-ms-continuation").map(after -> "/audit?pageSize=2&after=" + after)
                    .orElse(null);
        }
        assertThat(sequences).isSorted().doesNotHaveDuplicates().hasSizeGreaterThanOrEqualTo(3);
        assertThat(sequences.get(0)).isEqualTo(1L);
        assertProblem(owner.get("/audit?outcome=maybe"), 400, "invalid-query");
        assertProblem(owner.get("/audit?from=yesterday"), 400, "invalid-query");
        assertProblem(owner.get("/audit?after=minus"), 400, "invalid-query");
        assertProblem(owner.get("/audit?pageSize=0"), 400, "invalid-page-size");
    }

    @Test
    void metricsCountRequestsByRouteTemplateNeverByRawPath() {
        owner.put("/devices/secret-looking-id", "{}");
        owner.get("/devices/secret-looking-id");
        owner.get("/devices/nobody-here");
        HttpResponse<String> metrics = owner.get("/metrics");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
        assertThat(metrics.body())
                .contains("bulwark_http_requests_seconds_count{method=\"GET\",route=\"/devices/{id}\",status=\"200\"}")
                .contains("route=\"/devices/{id}\",status=\"404\"")
                .doesNotContain("secret-looking-id")
                .doesNotContain("nobody-here");
    }

    @Test
    void healthAnswersWithoutCredentialsAndSaysNothingMore() {
        HttpResponse<String> health = owner.send(owner.unauthenticated("/health").GET());
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).isEqualTo("{\"status\":\"ok\"}");
        assertThat(hub.core.audit.latest()).isEmpty();
    }

    private List<String> deviceIds() {
        return hub.core.registry.list(DeviceQuery.firstPage(DeviceQuery.MAX_LIMIT)).devices().stream()
                .map(device -> device.id().deviceId()).toList();
    }

    private void assertLastAudit(String action, AuditOutcome outcome) {
        AuditRecord last = hub.core.audit.latest().orElseThrow();
        assertThat(last.action()).isEqualTo(action);
        assertThat(last.outcome()).isEqualTo(outcome);
        assertThat(last.actor()).isEqualTo("policy:iothubowner");
    }

    private static JsonNode parse(String line) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(line);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
