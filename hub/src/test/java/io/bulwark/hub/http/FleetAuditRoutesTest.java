package io.bulwark.hub.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bulwark.hub.ServiceClient;
import io.bulwark.hub.audit.AuditOutcome;
import io.bulwark.hub.audit.AuditQuery;
import io.bulwark.hub.audit.AuditRecord;
import io.bulwark.hub.auth.AccessPolicy;
import io.bulwark.hub.auth.Permission;
import io.bulwark.hub.registry.SymmetricKeyGenerator;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /fleetAudits}: on-demand runs, stored reports, owner-only access (S-MON-3). */
class FleetAuditRoutesTest {

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
    void runsAnAuditOnRequestAndStoresItsReportWithTheFindingsPerCheck() throws Exception {
        fixture.core.store.policies().save(new AccessPolicy("integration",
                new SymmetricKeyGenerator(new SecureRandom()).newKeyPair(),
                EnumSet.of(Permission.SERVICE_CONNECT, Permission.DEVICE_CONNECT)));
        HttpResponse<String> started = api.post("/fleetAudits", "");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        String id = JSON.readTree(started.body()).path("id").asText();
        assertThat(started.headers().firstValue("Location")).contains("/fleetAudits/" + id);

        JsonNode report = awaitDone(id);
        assertThat(report.path("trigger").asText()).isEqualTo("request");
        assertThat(report.path("actor").asText()).isEqualTo("policy:iothubowner");
        assertThat(report.path("findingCount").asInt()).isEqualTo(1);
        JsonNode policies = check(report, "permissive-policies");
        assertThat(policies.path("rule").asText()).isNotBlank();
        assertThat(policies.path("findings").get(0).path("target").asText()).isEqualTo("policy:integration");
        assertThat(check(report, "audit-log-verifiable").path("findings")).isEmpty();
        assertThat(report.toString()).doesNotContain(fixture.core.store.policies().find("integration")
                .orElseThrow().keys().primaryKey());

        assertThat(JSON.readTree(api.get("/fleetAudits/latest").body()).path("id").asText()).isEqualTo(id);
        JsonNode list = JSON.readTree(api.get("/fleetAudits").body());
        assertThat(list).extracting(node -> node.path("id").asText()).containsExactly(id);
        List<AuditRecord> runs = fixture.core.audit.query(new AuditQuery(null, "fleetAudit.run", null, null, null,
                null, 0, 10));
        assertThat(runs).extracting(AuditRecord::target).containsExactly("fleetAudit:" + id);
        await().atMost(Duration.ofSeconds(30)).until(() -> !fixture.core.audit.query(new AuditQuery(null,
                "fleetAudit.complete", null, AuditOutcome.SUCCESS, null, null, 0, 10)).isEmpty());
    }

    @Test
    void aReportThatDoesNotExistIsAProblemDocument() throws Exception {
        assertProblem(api.get("/fleetAudits/latest"), 404, "fleet-audit-not-found");
        assertProblem(api.get("/fleetAudits/" + "0".repeat(32)), 404, "fleet-audit-not-found");
        assertProblem(api.get("/fleetAudits/not-an-id"), 404, "fleet-audit-not-found");
    }

    @Test
    void onlyTheOwnerMayRunOrReadFleetAudits() throws Exception {
        ServiceClient registry = fixture.client("registryReadWrite");
        long before = fixture.auditHead();
        assertProblem(registry.post("/fleetAudits", ""), 403, "forbidden");
        AuditRecord refusal = fixture.core.audit.latest().orElseThrow();
        assertThat(refusal.sequence()).isEqualTo(before + 1);
        assertThat(refusal.outcome()).isEqualTo(AuditOutcome.DENIED);
        assertThat(refusal.action()).isEqualTo("fleetAudit.run");
        assertThat(refusal.actor()).isEqualTo("policy:registryReadWrite");
        assertProblem(registry.get("/fleetAudits"), 403, "forbidden");
        assertThat(JSON.readTree(api.get("/fleetAudits").body())).isEmpty();
    }

    private JsonNode awaitDone(String id) throws Exception {
        await().atMost(Duration.ofSeconds(30)).until(() ->
                JSON.readTree(api.get("/fleetAudits/" + id).body()).path("state").asText().equals("done"));
        return JSON.readTree(api.get("/fleetAudits/" + id).body());
    }

    private static JsonNode check(JsonNode report, String name) {
        for (JsonNode check : report.path("checks")) {
            if (check.path("check").asText().equals(name)) {
                return check;
            }
        }
        throw new AssertionError("no check " + name + " in " + report);
    }

    private static void assertProblem(HttpResponse<String> answer, int status, String slug) throws Exception {
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(status);
        assertThat(answer.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(JSON.readTree(answer.body()).path("type").asText()).isEqualTo("urn:bulwark:problem:" + slug);
    }
}
