package io.bulwark.hub.http;

import static io.bulwark.hub.http.ServiceApiTest.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bulwark.hub.ServiceClient;
import io.bulwark.hub.TestHubCore;
import io.bulwark.hub.audit.AuditOutcome;
import io.bulwark.hub.audit.AuditRecord;
import io.bulwark.hub.registry.DeviceSpec;
import io.bulwark.hub.registry.DeviceStatus;
import io.bulwark.hub.registry.IdentityId;
import io.bulwark.hub.security.SourceVerdict;
import io.bulwark.hub.security.alert.Alert;
import io.bulwark.hub.security.alert.AlertEvidence;
import io.bulwark.hub.security.alert.AlertSeverity;
import io.bulwark.hub.security.alert.AlertSignal;
import io.bulwark.hub.security.alert.AlertStreamPublisher;
import io.bulwark.hub.stream.StoredMessage;
import io.bulwark.hub.stream.StreamName;
import io.bulwark.hub.stream.StreamQuery;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The alerts API: filters and paging, state changes with who and when, audit, the alerts stream, permissions. */
class AlertRoutesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant T0 = Instant.parse("2026-11-30T10:00:00Z");

    @TempDir
    Path dir;
    ApiFixture hub;
    ServiceClient owner;

    @BeforeEach
    void start() {
        hub = ApiFixture.start(dir);
        owner = hub.client("iothubowner");
    }

    @AfterEach
    void stop() {
        hub.close();
    }

    @Test
    void aSignalWhoseKeyHasAnActiveAlertCountsIntoItInsteadOfOpeningAnother() throws Exception {
        Alert first = hub.alerts.raise(signal("tamper", AlertSeverity.CRITICAL, "tamper:d1", "d1", null, T0, 7));
        Alert again = hub.alerts.raise(signal("tamper", AlertSeverity.CRITICAL, "tamper:d1", "d1", null,
                T0.plusSeconds(30), 9));

        assertThat(again.id()).isEqualTo(first.id());
        JsonNode alert = JSON.readTree(owner.get("/alerts/" + first.id()).body());
        assertThat(alert.path("count").asLong()).isEqualTo(2);
        assertThat(alert.path("firstSeen").asText()).isEqualTo("2026-11-30T10:00:00Z");
        assertThat(alert.path("lastSeen").asText()).isEqualTo("2026-11-30T10:00:30Z");
        assertThat(alert.path("state").asText()).isEqualTo("open");
        assertThat(alert.path("evidence").toString())
                .isEqualTo("[{\"stream\":\"security\",\"offset\":7},{\"stream\":\"security\",\"offset\":9}]");
        assertThat(JSON.readTree(owner.get("/alerts").body())).hasSize(1);
    }

    @Test
    void listFiltersByStateSeverityDeviceRuleAndSinceNewestFirstAndPages() throws Exception {
        Alert tamper = hub.alerts.raise(signal("tamper", AlertSeverity.CRITICAL, "k1", "d1", null, T0, 1));
        Alert usb = hub.alerts.raise(signal("usb-attach", AlertSeverity.HIGH, "k2", "d2", null,
                T0.plusSeconds(60), 2));
        Alert source = hub.alerts.raise(signal("auth-failures-source", AlertSeverity.HIGH, "k3", null,
                "192.0.2.7", T0.plusSeconds(120), 3));
        hub.alerts.acknowledge(TestHubCore.OPERATOR, usb.id(), null);

        assertThat(ids("/alerts")).containsExactly(source.id(), usb.id(), tamper.id());
        assertThat(ids("/alerts?state=open")).containsExactly(source.id(), tamper.id());
        assertThat(ids("/alerts?state=acknowledged")).containsExactly(usb.id());
        assertThat(ids("/alerts?severity=high")).containsExactly(source.id(), usb.id());
        assertThat(ids("/alerts?deviceId=d1")).containsExactly(tamper.id());
        assertThat(ids("/alerts?rule=usb-attach")).containsExactly(usb.id());
        assertThat(ids("/alerts?since=2026-11-30T10:01:00Z")).containsExactly(source.id(), usb.id());

        HttpResponse<String> page1 = owner.get("/alerts?pageSize=2");
        assertThat(ids(page1)).containsExactly(source.id(), usb.id());
        String token = page1.headers().firstValue("x-ms-continuation").orElseThrow();
        assertThat(ids("/alerts?pageSize=2&continuationToken=" + token)).containsExactly(tamper.id());

        assertProblem(owner.get("/alerts?state=closed"), 400, "invalid-state");
        assertProblem(owner.get("/alerts?severity=urgent"), 400, "invalid-severity");
        assertProblem(owner.get("/alerts?since=yesterday"), 400, "invalid-query");
        assertProblem(owner.get("/alerts?pageSize=0"), 400, "invalid-page-size");
        assertProblem(owner.get("/alerts/999"), 404, "alert-not-found");
        assertProblem(owner.get("/alerts/abc"), 404, "alert-not-found");
    }

    @Test
    void acknowledgeAndResolveRecordWhoWhenAndTheNoteAuditEachChangeAndPublishIt() throws Exception {
        Alert alert = hub.alerts.raise(signal("tamper", AlertSeverity.CRITICAL, "tamper:d1", "d1", null, T0, 1));

        HttpResponse<String> acked = owner.post("/alerts/" + alert.id() + "/acknowledge",
                "{\"note\":\"on site tomorrow\"}", "Content-Type", "application/json");
        assertThat(acked.statusCode()).as(acked.body()).isEqualTo(200);
        JsonNode body = JSON.readTree(acked.body());
        assertThat(body.path("state").asText()).isEqualTo("acknowledged");
        assertThat(body.path("stateChangedBy").asText()).isEqualTo("policy:iothubowner");
        assertThat(body.path("note").asText()).isEqualTo("on site tomorrow");
        assertThat(Instant.parse(body.path("stateChangedTime").asText())).isAfter(Instant.now().minusSeconds(60));
        AuditRecord ack = lastAudit();
        assertThat(List.of(ack.action(), ack.target(), ack.actor(), ack.outcome().wireName(), ack.detail()))
                .containsExactly("alert.acknowledge", "alert:" + alert.id(), "policy:iothubowner", "success",
                        "note: on site tomorrow");

        HttpResponse<String> resolved = owner.post("/alerts/" + alert.id() + "/resolve", "");
        assertThat(resolved.statusCode()).as(resolved.body()).isEqualTo(200);
        assertThat(JSON.readTree(resolved.body()).path("state").asText()).isEqualTo("resolved");
        assertThat(lastAudit().action()).isEqualTo("alert.resolve");

        // After resolving, the same cause opens a new alert.
        Alert next = hub.alerts.raise(signal("tamper", AlertSeverity.CRITICAL, "tamper:d1", "d1", null,
                T0.plusSeconds(5), 2));
        assertThat(next.id()).isNotEqualTo(alert.id());

        // Published after the alert is stored, without waiting for the stream's disk sync.
        List<StoredMessage> published = org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                .until(() -> hub.streams().read(new StreamQuery(StreamName.ALERTS, null, 1, 10)).messages(),
                        messages -> messages.size() == 4);
        assertThat(published).extracting(m -> m.message().properties().get(AlertStreamPublisher.CHANGE_PROPERTY))
                .containsExactly("raised", "acknowledged", "resolved", "raised");
        JsonNode streamed = JSON.readTree(published.get(0).message().body());
        assertThat(streamed.path("rule").asText()).isEqualTo("tamper");
        assertThat(streamed.path("severity").asText()).isEqualTo("critical");
        assertThat(published.get(0).message().deviceId()).isEqualTo("d1");
    }

    @Test
    void refusesToChangeAResolvedAlertOrAcknowledgeTwiceAndAuditsTheFailure() {
        Alert alert = hub.alerts.raise(signal("tamper", AlertSeverity.CRITICAL, "k", "d1", null, T0, 1));
        assertThat(owner.post("/alerts/" + alert.id() + "/acknowledge", "").statusCode()).isEqualTo(200);
        assertProblem(owner.post("/alerts/" + alert.id() + "/acknowledge", ""), 409, "alert-acknowledged");
        assertThat(owner.post("/alerts/" + alert.id() + "/resolve", "").statusCode()).isEqualTo(200);
        assertProblem(owner.post("/alerts/" + alert.id() + "/resolve", ""), 409, "alert-resolved");
        AuditRecord failed = lastAudit();
        assertThat(List.of(failed.action(), failed.outcome(), failed.detail()))
                .containsExactly("alert.resolve", AuditOutcome.FAILURE, "alert-resolved");
        assertProblem(owner.post("/alerts/" + alert.id() + "/resolve", "{\"note\":5}", "Content-Type",
                "application/json"), 400, "invalid-json");
    }

    @Test
    void readingNeedsAlertReadAndChangingNeedsAlertWrite() throws Exception {
        Alert alert = hub.alerts.raise(signal("tamper", AlertSeverity.CRITICAL, "k", "d1", null, T0, 1));
        long before = hub.auditHead();
        ServiceClient service = hub.client("service");
        ServiceClient registry = hub.client("registryReadWrite");

        HttpResponse<String> list = service.get("/alerts");
        assertProblem(list, 403, "forbidden");
        assertThat(list.body()).doesNotContain("tamper");
        assertProblem(registry.get("/alerts/" + alert.id()), 403, "forbidden");
        assertProblem(service.get("/streams/alerts/messages"), 403, "forbidden");
        assertProblem(registry.post("/alerts/" + alert.id() + "/acknowledge", ""), 403, "forbidden");
        assertProblem(registry.post("/alerts/" + alert.id() + "/actions", "{\"action\":\"blockSource\"}",
                "Content-Type", "application/json"), 403, "forbidden");

        List<AuditRecord> denials = hub.core.audit.query(new io.bulwark.hub.audit.AuditQuery(null, null, null,
                AuditOutcome.DENIED, null, null, before, 100));
        assertThat(denials).extracting(AuditRecord::action, AuditRecord::target).containsExactly(
                org.assertj.core.groups.Tuple.tuple("alert.list", "permission:AlertRead"),
                org.assertj.core.groups.Tuple.tuple("alert.read", "permission:AlertRead"),
                org.assertj.core.groups.Tuple.tuple("stream.read", "permission:AlertRead"),
                org.assertj.core.groups.Tuple.tuple("alert.acknowledge", "permission:AlertWrite"),
                org.assertj.core.groups.Tuple.tuple("alert.action", "permission:AlertWrite"));
        assertThat(hub.alerts.get(alert.id()).state().wireName()).isEqualTo("open");
    }

    @Test
    void responseActionsGoThroughTheCoreServicesAndAreAuditedWithTheAlertId() throws Exception {
        hub.core.registry.create(TestHubCore.OPERATOR, DeviceSpec.sasDevice(IdentityId.device("d1")));
        Alert alert = hub.alerts.raise(signal("cloned-credential", AlertSeverity.HIGH, "k", "d1", "192.0.2.9",
                T0, 1));
        String oldKey = hub.core.registry.get(IdentityId.device("d1")).authentication().symmetricKey()
                .primaryKey();

        HttpResponse<String> disabled = act(alert, "{\"action\":\"disableDevice\"}");
        assertThat(disabled.statusCode()).as(disabled.body()).isEqualTo(200);
        assertThat(hub.core.registry.get(IdentityId.device("d1")).status()).isEqualTo(DeviceStatus.DISABLED);
        assertThat(lastAudit().action()).isEqualTo("alert.action");
        assertThat(lastAudit().target()).isEqualTo("alert:" + alert.id());
        assertThat(lastAudit().detail()).isEqualTo("disableDevice: device d1 disabled");

        assertThat(act(alert, "{\"action\":\"regenerateKey\"}").statusCode()).isEqualTo(200);
        assertThat(hub.core.registry.get(IdentityId.device("d1")).authentication().symmetricKey().primaryKey())
                .isNotEqualTo(oldKey);
        assertThat(lastAudit().detail()).doesNotContain(oldKey);

        HttpResponse<String> blocked = act(alert, "{\"action\":\"blockSource\",\"periodSeconds\":600}");
        assertThat(blocked.statusCode()).as(blocked.body()).isEqualTo(200);
        assertThat(hub.blocklist.admit("192.0.2.9").kind()).isEqualTo(SourceVerdict.Kind.BLOCKED);
        assertThat(hub.core.audit.query(new io.bulwark.hub.audit.AuditQuery(null, "security.source-blocked",
                null, null, null, null, 0, 10))).singleElement()
                .satisfies(r -> assertThat(r.actor()).isEqualTo("policy:iothubowner"));

        assertProblem(act(alert, "{\"action\":\"revokeCertificate\"}"), 409, "no-known-certificate");
        assertThat(lastAudit().outcome()).isEqualTo(AuditOutcome.FAILURE);
        assertProblem(act(alert, "{\"action\":\"explode\"}"), 400, "invalid-action");
        assertProblem(act(alert, "{\"action\":\"blockSource\",\"periodSeconds\":0}"), 400, "invalid-period");
    }

    @Test
    void loopbackIsExemptFromBlockingByDefault() {
        Alert local = hub.alerts.raise(signal("auth-failures-source", AlertSeverity.HIGH, "k", null, "127.0.0.1",
                T0, 1));
        assertProblem(act(local, "{\"action\":\"blockSource\"}"), 409, "source-exempt");
        assertProblem(act(local, "{\"action\":\"disableDevice\"}"), 409, "no-device");
        assertThat(hub.blocklist.admit("127.0.0.1").allowed()).isTrue();
    }

    @Test
    void webhookRoutesMayReadTheAlertsStream() {
        HttpResponse<String> created = owner.post("/routes/webhooks", "{\"name\":\"pager\",\"stream\":\"alerts\","
                + "\"url\":\"https://pager.example/hook\",\"filter\":{\"property\":\"alert-severity\","
                + "\"value\":\"critical\"}}", "Content-Type", "application/json");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    }

    private HttpResponse<String> act(Alert alert, String body) {
        return owner.post("/alerts/" + alert.id() + "/actions", body, "Content-Type", "application/json");
    }

    private List<Long> ids(String path) throws Exception {
        return ids(owner.get(path));
    }

    private static List<Long> ids(HttpResponse<String> answer) throws Exception {
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        List<Long> ids = new java.util.ArrayList<>();
        JSON.readTree(answer.body()).forEach(node -> ids.add(Long.parseLong(node.path("id").asText())));
        return ids;
    }

    private AuditRecord lastAudit() {
        return hub.core.audit.latest().orElseThrow();
    }

    private static AlertSignal signal(String rule, AlertSeverity severity, String key, String device, String source,
                                      Instant time, long offset) {
        return new AlertSignal(rule, severity, key, device, source, rule + " on " + device,
                List.of(new AlertEvidence(StreamName.SECURITY, offset)), time);
    }
}
