package io.bulwark.hub.http;

import static io.bulwark.hub.http.ServiceApiTest.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bulwark.hub.HubLimits;
import io.bulwark.hub.ServiceClient;
import io.bulwark.hub.audit.AuditOutcome;
import io.bulwark.hub.audit.AuditRecord;
import io.bulwark.hub.registry.Device;
import io.bulwark.hub.registry.DeviceQuery;
import io.bulwark.hub.registry.IdentityId;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The device and module routes over real HTTPS against the real registry: each refusal is checked for its status and
 * problem type, and for what it left behind in the registry and the audit log.
 */
class DeviceRoutesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int SMALL_BODY_LIMIT = 4096;

    @TempDir
    Path dir;
    ApiFixture hub;
    ServiceClient owner;

    @BeforeEach
    void start() {
        HubLimits limits = new HubLimits(SMALL_BODY_LIMIT, 16 * 1024, 3, HubLimits.DEFAULTS.sasClockSkew(),
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
    void aStaleEtagIsRefusedAndTheFreshOneAccepted() {
        owner.put("/devices/e1", "{}");
        String etag = owner.get("/devices/e1").headers().firstValue("ETag").orElseThrow();
        HttpResponse<String> first = owner.put("/devices/e1", "{\"statusReason\":\"first\"}", "If-Match", etag);
        assertThat(first.statusCode()).isEqualTo(200);
        String fresh = first.headers().firstValue("ETag").orElseThrow();
        assertThat(fresh).isNotEqualTo(etag).isEqualTo("\"" + json(first).path("etag").asText() + "\"");

        assertProblem(owner.put("/devices/e1", "{\"statusReason\":\"lost update\"}", "If-Match", etag), 412,
                "etag-mismatch");
        assertThat(stored("e1").statusReason()).isEqualTo("first");
        assertLastAudit("device.update", "device:e1", AuditOutcome.FAILURE);

        HttpResponse<String> second = owner.put("/devices/e1", "{\"statusReason\":\"second\"}", "If-Match", fresh);
        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(stored("e1").statusReason()).isEqualTo("second");
        assertLastAudit("device.update", "device:e1", AuditOutcome.SUCCESS);
        assertThat(owner.put("/devices/e1", "{}", "If-Match", "*").statusCode()).isEqualTo(200);
    }

    @Test
    void aDuplicateCreateConflictsAndKeepsTheFirstKeys() {
        String key = json(owner.put("/devices/twice", "{}")).at("/authentication/symmetricKey/primaryKey").asText();
        HttpResponse<String> again = owner.put("/devices/twice", "{\"statusReason\":\"again\"}");
        assertProblem(again, 409, "device-exists");
        assertThat(again.body()).doesNotContain(key);
        assertThat(stored("twice").authentication().symmetricKey().primaryKey()).isEqualTo(key);
        assertThat(stored("twice").statusReason()).isNull();
        assertLastAudit("device.create", "device:twice", AuditOutcome.FAILURE);
    }

    @Test
    void missingIdentitiesAreNotFound() {
        assertProblem(owner.get("/devices/ghost"), 404, "device-not-found");
        assertLastAudit("device.read-keys", "device:ghost", AuditOutcome.FAILURE);
        assertProblem(owner.delete("/devices/ghost"), 404, "device-not-found");
        assertLastAudit("device.delete", "device:ghost", AuditOutcome.FAILURE);
        assertProblem(owner.put("/devices/ghost", "{}", "If-Match", "*"), 404, "device-not-found");
        assertProblem(owner.post("/devices/ghost/regenerateKey", "{\"key\":\"both\"}"), 404, "device-not-found");
        assertProblem(owner.get("/devices/ghost/modules"), 404, "device-not-found");
        assertProblem(owner.put("/devices/ghost/modules/m1", "{}"), 404, "device-not-found");
        owner.put("/devices/host", "{}");
        assertProblem(owner.get("/devices/host/modules/m1"), 404, "module-not-found");
        assertProblem(owner.delete("/devices/host/modules/m1"), 404, "module-not-found");
        assertThat(deviceCount()).isEqualTo(1);
    }

    @Test
    void invalidIdsAreRefusedBeforeTheRegistrySeesThem() {
        long auditBefore = hub.auditHead();
        for (String path : List.of("/devices/" + "a".repeat(129), "/devices/white%20space", "/devices/brace%7B",
                "/devices/%C3%A9t%C3%A9", "/devices/ok/modules/" + "m".repeat(129), "/devices/ok/modules/a%22b")) {
            assertProblem(owner.put(path, "{}"), 400, "invalid-id");
            assertProblem(owner.get(path), 400, "invalid-id");
            assertProblem(owner.delete(path), 400, "invalid-id");
        }
        assertThat(owner.put("/devices/" + "a".repeat(128), "{}").statusCode()).isEqualTo(200);
        assertThat(owner.put("/devices/" + "-:.+%25_#*?!(),=@;$'".replace("#", "%23").replace("?", "%3F"), "{}")
                .statusCode()).isEqualTo(200);
        assertThat(deviceCount()).isEqualTo(2);
        assertThat(hub.auditHead()).isEqualTo(auditBefore + 2);
    }

    @Test
    void malformedBodiesAndWrongTypesAreInvalidJsonAndChangeNothing() {
        long auditBefore = hub.auditHead();
        for (String body : List.of("{\"status\": ", "[1,2]", "\"text\"", "{} {}", "{\"status\": 5}",
                "{\"statusReason\": {}}", "{\"authentication\": \"sas\"}", "{\"authentication\": {\"type\": true}}",
                "{\"authentication\": {\"symmetricKey\": {\"primaryKey\": 1}}}", "{\"parentScopes\": \"p\"}",
                "{\"parentScopes\": [\"a\", \"b\"]}", "{\"tags\": [\"a\"]}", "{\"tags\": {\"n\": 1}}",
                "{\"capabilities\": {\"iotEdge\": \"yes\"}}", "{\"deviceId\": 7}")) {
            assertProblem(owner.put("/devices/j1", body), 400, "invalid-json");
        }
        HttpResponse<String> notUtf8 = owner.send(owner.request("/devices/j1")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(new byte[] {'{', '"', (byte) 0xC3, '"', ':', '1', '}'})));
        assertProblem(notUtf8, 400, "invalid-json");
        assertProblem(owner.put("/devices/j1", "{\"deviceId\": \"j2\"}"), 400, "id-mismatch");
        assertProblem(owner.put("/devices/j1/modules/m", "{\"moduleId\": \"n\"}"), 400, "id-mismatch");
        assertThat(deviceCount()).isZero();
        assertThat(hub.auditHead()).isEqualTo(auditBefore);
    }

    @Test
    void bodiesOverTheLimitAreRefusedWhetherDeclaredOrChunked() {
        String big = "{\"statusReason\":\"" + "x".repeat(2 * SMALL_BODY_LIMIT) + "\"}";
        assertProblem(owner.put("/devices/big", big), 413, "body-too-large");
        HttpResponse<String> chunked = owner.send(owner.request("/devices/big").PUT(
                HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big.getBytes()))));
        assertProblem(chunked, 413, "body-too-large");
        assertThat(deviceCount()).isZero();
        // Unknown fields are ignored, so padding is one: the body is read whole, then accepted.
        String justFits = "{\"padding\":\"" + "x".repeat(SMALL_BODY_LIMIT - 100) + "\"}";
        assertThat(owner.put("/devices/fits", justFits).statusCode()).isEqualTo(200);
    }

    @Test
    void devicesAreWrittenAsTheDocumentedJsonWithIsoTimes() {
        JsonNode device = json(owner.put("/devices/doc", "{\"tags\":{\"building\":\"43\"},\"color\":\"red\"}"));
        assertThat(device.fieldNames()).toIterable().contains("deviceId", "moduleId", "generationId", "etag",
                "status", "statusReason", "statusUpdatedTime", "connectionState", "lastActivityTime",
                "connectionSource", "cloudToDeviceMessageCount", "authentication", "capabilities", "deviceScope",
                "parentScopes", "tags");
        assertThat(device.path("statusUpdatedTime").isTextual()).isTrue();
        assertThat(Instant.parse(device.path("statusUpdatedTime").asText())).isBeforeOrEqualTo(Instant.now());
        assertThat(device.path("connectionState").asText()).isEqualTo("Disconnected");
        assertThat(device.path("cloudToDeviceMessageCount").asInt()).isZero();
        assertThat(device.at("/capabilities/iotEdge").asBoolean()).isFalse();
        assertThat(device.path("color").isMissingNode()).isTrue();
    }

    @Test
    void listsPageByPageWithFilters() {
        String scope = json(owner.put("/devices/gw", "{\"capabilities\":{\"iotEdge\":true}}")).path("deviceScope")
                .asText();
        owner.put("/devices/child-1", "{\"parentScopes\":[\"" + scope + "\"],\"tags\":{\"kind\":\"meter\"}}");
        owner.put("/devices/child-2", "{\"parentScopes\":[\"" + scope + "\"],\"status\":\"disabled\"}");
        owner.put("/devices/lone", "{\"tags\":{\"kind\":\"valve\"}}");

        assertThat(ids("/devices?pageSize=1")).containsExactly("child-1", "child-2", "gw", "lone");
        assertThat(ids("/devices?parent=gw")).containsExactly("child-1", "child-2");
        assertThat(ids("/devices?status=disabled")).containsExactly("child-2");
        assertThat(ids("/devices?tag=kind")).containsExactly("child-1", "lone");
        assertThat(ids("/devices?tag=kind:valve")).containsExactly("lone");
        assertThat(ids("/devices?status=enabled&tag=kind:meter&parent=gw")).containsExactly("child-1");
        assertProblem(owner.get("/devices?status=sleeping"), 400, "invalid-status");
        assertProblem(owner.get("/devices?pageSize=1001"), 400, "invalid-page-size");
        assertProblem(owner.get("/devices?pageSize=ten"), 400, "invalid-page-size");
        assertProblem(owner.get("/devices?continuationToken=%25%25"), 400, "invalid-continuation-token");
        assertProblem(owner.get("/devices?continuationToken=w4k"), 400, "invalid-continuation-token");
    }

    @Test
    void regeneratingAKeyReplacesItAndTheOldOneStopsWorking() {
        JsonNode before = json(owner.put("/devices/rot", "{}"));
        JsonNode both = json(owner.post("/devices/rot/regenerateKey", "{\"key\":\"both\"}"));
        assertThat(key(both, "primaryKey")).isNotEqualTo(key(before, "primaryKey"));
        assertThat(key(both, "secondaryKey")).isNotEqualTo(key(before, "secondaryKey"));
        assertLastAudit("device.regenerate-key", "device:rot", AuditOutcome.SUCCESS);

        JsonNode secondary = json(owner.post("/devices/rot/regenerateKey", "{\"key\":\"secondary\"}"));
        assertThat(key(secondary, "primaryKey")).isEqualTo(key(both, "primaryKey"));
        assertThat(key(secondary, "secondaryKey")).isNotEqualTo(key(both, "secondaryKey"));
        assertThat(stored("rot").authentication().symmetricKey().secondaryKey())
                .isEqualTo(key(secondary, "secondaryKey"));
        assertThat(key(json(owner.get("/devices/rot")), "primaryKey")).isEqualTo(key(both, "primaryKey"));
        assertProblem(owner.post("/devices/rot/regenerateKey", "{}"), 400, "invalid-key-slot");
        assertProblem(owner.post("/devices/rot/regenerateKey", "{\"key\":1}"), 400, "invalid-key-slot");
    }

    @Test
    void modulesHaveTheirOwnKeysAndAreListedWithoutThem() {
        owner.put("/devices/host", "{}");
        JsonNode module = json(owner.put("/devices/host/modules/m1", "{}"));
        assertThat(module.path("moduleId").asText()).isEqualTo("m1");
        assertThat(key(module, "primaryKey")).hasSize(44);
        JsonNode listed = json(owner.get("/devices/host/modules"));
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).at("/authentication/symmetricKey/primaryKey").isNull()).isTrue();
        JsonNode rotated = json(owner.post("/devices/host/modules/m1/regenerateKey", "{\"key\":\"primary\"}"));
        assertThat(key(rotated, "primaryKey")).isNotEqualTo(key(module, "primaryKey"));
        assertLastAudit("module.regenerate-key", "module:host/m1", AuditOutcome.SUCCESS);
        assertThat(owner.delete("/devices/host/modules/m1").statusCode()).isEqualTo(204);
        assertThat(json(owner.get("/devices/host/modules"))).isEmpty();
    }

    @Test
    void theAuditedSourceIsTheConnectionsAddressNotAForwardingHeader() {
        // S-AUD-1: any client can write X-Forwarded-For; only the TCP peer is evidence.
        owner.put("/devices/src", "{}", "X-Forwarded-For", "203.0.113.9", "Forwarded", "for=203.0.113.9");
        assertLastAudit("device.create", "device:src", AuditOutcome.SUCCESS);
        owner.send(owner.unauthenticated("/devices").header("X-Forwarded-For", "203.0.113.9").GET());
        assertThat(hub.core.audit.latest().orElseThrow().source()).isEqualTo("127.0.0.1");
    }

    private List<String> ids(String firstPage) {
        List<String> ids = new ArrayList<>();
        String path = firstPage;
        while (path != null) {
            HttpResponse<String> page = owner.get(path);
            assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
            json(page).forEach(device -> ids.add(device.path("deviceId").asText()));
            String base = firstPage;
            path = page.headers().firstValue("x-ms-continuation")
                    .map(token -> base + (base.contains("?") ? "&" : "?") + "continuationToken=" + token)
                    .orElse(null);
        }
        return ids;
    }

    private Device stored(String id) {
        return hub.core.registry.get(IdentityId.device(id));
    }

    private long deviceCount() {
        return hub.core.registry.list(DeviceQuery.firstPage(DeviceQuery.MAX_LIMIT)).devices().size();
    }

    private void assertLastAudit(String action, String target, AuditOutcome outcome) {
        AuditRecord last = hub.core.audit.latest().orElseThrow();
        assertThat(last.action()).isEqualTo(action);
        assertThat(last.target()).isEqualTo(target);
        assertThat(last.outcome()).isEqualTo(outcome);
        assertThat(last.actor()).isEqualTo("policy:iothubowner");
        assertThat(last.source()).isEqualTo("127.0.0.1");
    }

    private static String key(JsonNode device, String which) {
        return device.at("/authentication/symmetricKey/" + which).asText();
    }

    static JsonNode json(HttpResponse<String> answer) {
        try {
            return JSON.readTree(answer.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
