package io.bulwark.hub.http;

import static io.bulwark.hub.http.ServiceApiTest.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bulwark.hub.HubLimits;
import io.bulwark.hub.ServiceClient;
import io.bulwark.hub.audit.AuditOutcome;
import io.bulwark.hub.audit.AuditQuery;
import io.bulwark.hub.audit.AuditRecord;
import io.bulwark.hub.webhook.PrivateTargetAllowance;
import io.bulwark.hub.webhook.WebhookLimits;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** The webhook routes of the REST API: registration rules, the secret shown once, auditing, errors. */
class WebhookRoutesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String URL = "https://receiver.example:9443/hooks/in?code=receiver-token";

    @TempDir
    Path dir;
    ApiFixture hub;
    ServiceClient service;
    ServiceClient owner;
    ListAppender<ILoggingEvent> logs;
    Logger root;

    @BeforeEach
    void start() {
        root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        logs = new ListAppender<>();
        logs.start();
        root.addAppender(logs);
        hub = ApiFixture.start(dir, HubLimits.DEFAULTS.withWebhooks(new WebhookLimits(2,
                WebhookLimits.DEFAULTS.connectTimeout(), WebhookLimits.DEFAULTS.responseTimeout(),
                WebhookLimits.DEFAULTS.maxBodyBytes(), WebhookLimits.DEFAULTS.maxDeadLetters(),
                WebhookLimits.DEFAULTS.backoff(), WebhookLimits.DEFAULTS.pollInterval(),
                PrivateTargetAllowance.NONE)));
        service = hub.client("service");
        owner = hub.client("iothubowner");
    }

    @AfterEach
    void stop() {
        hub.close();
        root.detachAppender(logs);
    }

    @Test
    void createShowsTheSecretOnceAndNeverAgain() throws Exception { // S-DATA-4
        HttpResponse<String> created = create("{\"name\":\"to-erp\",\"stream\":\"telemetry\",\"url\":\"" + URL
                + "\",\"filter\":{\"deviceId\":\"sensor-1\",\"property\":\"unit\",\"value\":\"C\"},\"maxAttempts\":5}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(created.headers().firstValue("Location")).contains("/routes/webhooks/to-erp");
        JsonNode route = JSON.readTree(created.body());
        String secret = route.path("secret").asText();
        assertThat(secret).startsWith("bwhsec_").hasSize(50);
        assertThat(route.path("url").asText()).isEqualTo(URL);
        assertThat(route.at("/filter/property").asText()).isEqualTo("unit");
        assertThat(route.path("maxAttempts").asInt()).isEqualTo(5);
        assertThat(route.path("enabled").asBoolean()).isTrue();

        HttpResponse<String> read = service.get("/routes/webhooks/to-erp");
        HttpResponse<String> list = service.get("/routes/webhooks");
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(read.body()).has("secret")).isFalse();
        assertThat(JSON.readTree(read.body()).path("position").asLong()).isZero();
        assertThat(JSON.readTree(read.body()).path("deadLetterCount").asInt()).isZero();
        assertThat(JSON.readTree(list.body())).singleElement().satisfies(node -> assertThat(node.has("secret"))
                .isFalse());
        assertThat(read.body() + list.body()).doesNotContain(secret);

        AuditRecord audited = lastAudit();
        assertThat(audited.action()).isEqualTo("webhook.create");
        assertThat(audited.target()).isEqualTo("webhook:to-erp");
        assertThat(audited.outcome()).isEqualTo(AuditOutcome.SUCCESS);
        assertThat(audited.actor()).isEqualTo("policy:iothubowner");
        assertThat(audited.detail()).isEqualTo("stream telemetry, https://receiver.example:9443");
        assertNowhere(secret);
    }

    @Test
    void rejectsWebhookWithoutHttps() { // S-TLS-1
        HttpResponse<String> refused = create("{\"name\":\"plain\",\"stream\":\"telemetry\","
                + "\"url\":\"http://receiver.example/hook\"}");
        assertProblem(refused, 400, "webhook-url-not-https");
        AuditRecord audited = lastAudit();
        assertThat(audited.action()).isEqualTo("webhook.create");
        assertThat(audited.target()).isEqualTo("webhook:plain");
        assertThat(audited.outcome()).isEqualTo(AuditOutcome.FAILURE);
        assertThat(audited.detail()).isEqualTo("webhook-url-not-https");
        assertProblem(service.get("/routes/webhooks/plain"), 404, "webhook-not-found");
    }

    @Test
    void refusesCredentialsInTheUrlBadCertificatesBadFieldsAndDuplicates() {
        HttpResponse<String> userInfo = create("{\"name\":\"u\",\"stream\":\"telemetry\","
                + "\"url\":\"https://admin:hunter2@receiver.example/\"}");
        assertProblem(userInfo, 400, "webhook-url-has-credentials");
        assertThat(userInfo.body()).doesNotContain("hunter2");
        assertThat(lastAudit().detail()).isEqualTo("webhook-url-has-credentials");
        assertProblem(create("{\"name\":\"c\",\"stream\":\"telemetry\",\"url\":\"" + URL
                + "\",\"trustedCa\":\"not a certificate\"}"), 400, "invalid-trusted-ca");
        assertProblem(create("{\"name\":\"k\",\"stream\":\"telemetry\",\"url\":\"" + URL
                + "\",\"trustedCa\":\"-----BEGIN PRIVATE KEY-----\\nMC4CAQAwBQYDK2VwBCIEIA==\\n-----END PRIVATE KEY-----\\n\"}"),
                400, "invalid-trusted-ca");
        assertProblem(create("{\"name\":\"a\",\"stream\":\"audit\",\"url\":\"" + URL + "\"}"), 400,
                "invalid-webhook-stream");
        assertProblem(create("{\"name\":\"a\",\"stream\":\"nope\",\"url\":\"" + URL + "\"}"), 400,
                "invalid-webhook-stream");
        assertProblem(create("{\"name\":\"a\",\"stream\":\"telemetry\",\"url\":\"" + URL + "\",\"maxAttempts\":\"3\"}"),
                400, "invalid-json");
        assertProblem(create("{\"name\":\"a b\",\"stream\":\"telemetry\",\"url\":\"" + URL + "\"}"), 400,
                "invalid-webhook-name");
        assertProblem(create("{\"name\":\"a\",\"stream\":\"telemetry\",\"url\":\"" + URL + "\",\"startAt\":\"x\"}"),
                400, "invalid-json");
        assertThat(create("{\"name\":\"a\",\"stream\":\"telemetry\",\"url\":\"" + URL + "\"}").statusCode())
                .isEqualTo(201);
        assertProblem(create("{\"name\":\"a\",\"stream\":\"security\",\"url\":\"" + URL + "\"}"), 409,
                "webhook-exists");
        assertThat(create("{\"name\":\"b\",\"stream\":\"telemetry\",\"url\":\"" + URL + "\"}").statusCode())
                .isEqualTo(201);
        assertProblem(create("{\"name\":\"c\",\"stream\":\"telemetry\",\"url\":\"" + URL + "\"}"), 409,
                "webhook-limit-reached");
    }

    @Test
    void refusesWebhookTargetsThatAreNotPublic() throws Exception { // SSRF guard, S-ACL-3, S-AUD-1
        String[] targets = {"https://127.0.0.1:9443/hook", "https://10.1.2.3/hook",
                "https://169.254.169.254/latest/meta-data/iam/", "https://[::1]/hook", "https://[::ffff:127.0.0.1]/hook",
                "https://[::ffff:a9fe:a9fe]/", "https://[fd12:3456::1]/", "https://[fe80::1]/", "https://100.64.0.1/",
                "https://0.0.0.0/", "https://[::]/", "https://224.0.0.251/", "https://192.168.1.1/",
                "https://172.16.0.1/", "https://localhost:9443/hook"};
        for (String target : targets) {
            HttpResponse<String> refused = create("{\"name\":\"probe\",\"stream\":\"telemetry\",\"url\":\""
                    + target + "?code=receiver-token\"}");
            assertProblem(refused, 400, "webhook-target-not-public");
            assertThat(JSON.readTree(refused.body()).path("detail").asText()).as(target)
                    .startsWith("webhook receivers must have public addresses: ")
                    .endsWith("an operator can allow private ranges with BULWARK_WEBHOOK_ALLOW_PRIVATE_TARGETS");
            assertThat(refused.body()).as(target).doesNotContain("receiver-token").doesNotContain("bwhsec_");
            AuditRecord audited = lastAudit();
            assertThat(audited.action()).isEqualTo("webhook.create");
            assertThat(audited.target()).isEqualTo("webhook:probe");
            assertThat(audited.actor()).isEqualTo("policy:iothubowner");
            assertThat(audited.outcome()).as(target).isEqualTo(AuditOutcome.FAILURE);
            assertThat(audited.detail()).isEqualTo("webhook-target-not-public");
        }
        assertProblem(service.get("/routes/webhooks/probe"), 404, "webhook-not-found");
        assertThat(service.get("/routes/webhooks").body()).isEqualTo("[]");
        assertThat(JSON.readTree(create("{\"name\":\"cloud\",\"stream\":\"telemetry\",\"url\":"
                + "\"https://[2001:4860:4860::8888]/hook\",\"enabled\":false}").body()).path("url").asText())
                .as("a public IPv6 literal is fine (the route is disabled: nothing is sent)").isEqualTo("https://[2001:4860:4860::8888]/hook");
        owner.delete("/routes/webhooks/cloud");
    }

    @Test
    void anOperatorAllowanceOpensOnlyTheRangesItNames() throws Exception { // SSRF guard
        // What BULWARK_WEBHOOK_ALLOW_PRIVATE_TARGETS=127.0.0.1/32,fd00:1::/64 sets.
        try (ApiFixture allowing = ApiFixture.start(java.nio.file.Files.createDirectories(dir.resolve("allowing")), HubLimits.DEFAULTS.withWebhooks(
                WebhookLimits.DEFAULTS.withPrivateTargets(PrivateTargetAllowance.parse("127.0.0.1/32,fd00:1::/64"))))) {
            ServiceClient allowed = allowing.client("iothubowner");
            for (String url : new String[] {"https://127.0.0.1:9443/hook", "https://[fd00:1::5]/hook"}) {
                assertThat(allowed.post("/routes/webhooks", "{\"name\":\"lan-" + url.length() + "\",\"stream\":"
                        + "\"telemetry\",\"url\":\"" + url + "\"}", "Content-Type", "application/json").statusCode())
                        .as(url).isEqualTo(201);
            }
            for (String url : new String[] {"https://127.0.0.2/hook", "https://10.0.0.1/hook",
                    "https://169.254.169.254/", "https://[fd00:2::5]/hook"}) {
                assertProblem(allowed.post("/routes/webhooks", "{\"name\":\"other\",\"stream\":\"telemetry\","
                        + "\"url\":\"" + url + "\"}", "Content-Type", "application/json"), 400,
                        "webhook-target-not-public");
            }
        }
    }

    @Test
    void aServicePolicyReadsRoutesButCannotMakeTheHubDialANewUrl() throws Exception { // S-ACL-3, SSRF
        HttpResponse<String> refused = service.post("/routes/webhooks",
                "{\"name\":\"probe\",\"stream\":\"telemetry\",\"url\":\"" + URL + "\"}",
                "Content-Type", "application/json");
        assertProblem(refused, 403, "forbidden");
        assertThat(JSON.readTree(service.get("/routes/webhooks").body())).isEmpty();
        assertThat(lastAudit().outcome()).isEqualTo(AuditOutcome.DENIED);
    }

    @Test
    void enableDisableRegenerateAndDeleteAreAudited() throws Exception {
        String first = JSON.readTree(create("{\"name\":\"r\",\"stream\":\"security\",\"url\":\"" + URL + "\"}")
                .body()).path("secret").asText();
        HttpResponse<String> disabled = owner.post("/routes/webhooks/r/disable", "");
        assertThat(JSON.readTree(disabled.body()).path("enabled").asBoolean()).isFalse();
        assertThat(JSON.readTree(service.get("/routes/webhooks/r").body()).path("enabled").asBoolean()).isFalse();
        assertThat(JSON.readTree(owner.post("/routes/webhooks/r/enable", "").body()).path("enabled").asBoolean())
                .isTrue();
        HttpResponse<String> regenerated = owner.post("/routes/webhooks/r/regenerateSecret", "");
        String second = JSON.readTree(regenerated.body()).path("secret").asText();
        assertThat(second).startsWith("bwhsec_").isNotEqualTo(first);
        assertThat(owner.delete("/routes/webhooks/r").statusCode()).isEqualTo(204);
        assertProblem(service.get("/routes/webhooks/r"), 404, "webhook-not-found");
        assertProblem(owner.delete("/routes/webhooks/r"), 404, "webhook-not-found");

        List<String> actions = new ArrayList<>();
        for (AuditRecord record : hub.core.audit.query(new AuditQuery(null, null, "webhook:r", null, null, null, 0,
                100))) {
            actions.add(record.action() + " " + record.outcome().wireName());
        }
        assertThat(actions).containsExactly("webhook.create success", "webhook.disable success",
                "webhook.enable success", "webhook.regenerate-secret success", "webhook.delete success",
                "webhook.delete failure");
        assertNowhere(first);
        assertNowhere(second);
    }

    @Test
    void deadLetterRoutesAnswerNotFoundForUnknownRoutesAndLetters() {
        assertProblem(service.get("/routes/webhooks/ghost/deadLetters"), 404, "webhook-not-found");
        create("{\"name\":\"r\",\"stream\":\"telemetry\",\"url\":\"" + URL + "\"}");
        assertThat(service.get("/routes/webhooks/r/deadLetters").body()).isEqualTo("[]");
        assertProblem(service.post("/routes/webhooks/r/deadLetters/7/replay", ""), 404, "dead-letter-not-found");
        assertProblem(service.delete("/routes/webhooks/r/deadLetters/7"), 404, "dead-letter-not-found");
        assertProblem(service.delete("/routes/webhooks/r/deadLetters/x"), 400, "invalid-query");
        assertProblem(service.get("/routes/webhooks/r/deadLetters?pageSize=0"), 400, "invalid-page-size");
        assertThat(lastAudit().action()).isEqualTo("webhook.purge");
        assertThat(lastAudit().outcome()).isEqualTo(AuditOutcome.FAILURE);
    }

    private HttpResponse<String> create(String json) {
        return owner.post("/routes/webhooks", json, "Content-Type", "application/json");
    }

    private AuditRecord lastAudit() {
        return hub.core.audit.latest().orElseThrow();
    }

    /** S-DATA-4: not in the audit log, not in any log line. */
    private void assertNowhere(String secret) {
        for (AuditRecord record : hub.core.audit.query(new AuditQuery(null, null, null, null, null, null, 0, 1000))) {
            assertThat(record.toString()).doesNotContain(secret);
        }
        assertThat(logs.list).noneSatisfy(event -> assertThat(event.getFormattedMessage()).contains(secret));
    }
}
