package io.bulwark.hub.http;

import static io.bulwark.hub.http.ServiceApiTest.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bulwark.hub.HubLimits;
import io.bulwark.hub.ServiceClient;
import io.bulwark.hub.audit.AuditOutcome;
import io.bulwark.hub.audit.AuditRecord;
import io.bulwark.hub.stream.StreamLimits;
import io.bulwark.hub.stream.StreamMessage;
import io.bulwark.hub.stream.StreamName;
import io.bulwark.hub.stream.StreamRetention;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading streams over HTTPS: by device, long-poll, retention as a reader sees it, consumer groups. */
class StreamRoutesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    ApiFixture hub;
    ServiceClient service;

    @BeforeEach
    void start() {
        hub = ApiFixture.start(dir, HubLimits.DEFAULTS.withStreams(StreamLimits.DEFAULTS.withReaders(1, 100,
                Duration.ofSeconds(15))));
        service = hub.client("service");
    }

    @AfterEach
    void stop() {
        if (hub != null) {
            hub.close();
        }
    }

    @Test
    void readsOneDevicesMessagesInOrderWithDeviceId() throws Exception {
        for (int i = 0; i < 6; i++) {
            append("d" + (i % 2), "m" + i);
        }
        HttpResponse<String> answer = service.get("/streams/telemetry/messages?deviceId=d1&limit=2");
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(bodies(answer)).containsExactly("m1", "m3");
        assertThat(answer.headers().firstValue("x-ms-continuation")).contains("5");
        HttpResponse<String> rest = service.get("/streams/telemetry/messages?deviceId=d1&from=5");
        assertThat(bodies(rest)).containsExactly("m5");
        assertThat(rest.headers().firstValue("x-ms-continuation")).contains("7");
        assertProblem(service.get("/streams/telemetry/messages?deviceId=bad%20id"), 400, "invalid-query");
    }

    @Test
    void aLongPollIsAnsweredAsSoonAsAMessageArrives() throws Exception {
        append("d1", "before");
        CompletableFuture<HttpResponse<String>> waiting = sendAsync("/streams/telemetry/messages?from=2&wait=50");
        awaitLongPolls(1);

        append("d1", "after");

        HttpResponse<String> answer = waiting.get(30, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(bodies(answer)).containsExactly("after");
        assertThat(answer.headers().firstValue("x-ms-continuation")).contains("3");
        awaitLongPolls(0);
    }

    @Test
    void aLongPollForOneDeviceIgnoresTheOthersMessages() throws Exception {
        CompletableFuture<HttpResponse<String>> waiting =
                sendAsync("/streams/telemetry/messages?deviceId=d2&wait=50");
        awaitLongPolls(1);
        append("d1", "not for this reader");
        append("d2", "for this reader");
        assertThat(bodies(waiting.get(30, java.util.concurrent.TimeUnit.SECONDS))).containsExactly("for this reader");
    }

    @Test
    void aLongPollAnswersAnEmptyPageAtItsDeadline() throws Exception {
        HttpResponse<String> answer = service.get("/streams/security/messages?from=1&wait=1");
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(answer.body())).isEmpty();
        assertThat(answer.headers().firstValue("x-ms-continuation")).contains("1");
    }

    @Test
    void aStoppingHubAnswersItsWaitingLongPollsWithAnEmptyPage() throws Exception {
        CompletableFuture<HttpResponse<String>> waiting = sendAsync("/streams/telemetry/messages?from=1&wait=50");
        awaitLongPolls(1);
        hub.close();
        hub = null;
        HttpResponse<String> answer = waiting.get(30, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(answer.body())).isEmpty();
        assertThat(answer.headers().firstValue("x-ms-continuation")).contains("1");
    }

    @Test
    void waitingReadsAreBoundedAndTheWaitItselfToo() throws Exception {
        // S-DOS-3: this fixture allows one waiting long-poll.
        CompletableFuture<HttpResponse<String>> first = sendAsync("/streams/telemetry/messages?wait=50");
        awaitLongPolls(1);
        HttpResponse<String> second = service.get("/streams/telemetry/messages?wait=50");
        assertProblem(second, 429, "long-poll-limit");
        assertThat(second.headers().firstValue("Retry-After")).isPresent();
        // A read that need not wait is still answered.
        assertThat(service.get("/streams/telemetry/messages").statusCode()).isEqualTo(200);
        append("d1", "frees the slot");
        assertThat(first.get(30, java.util.concurrent.TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        assertProblem(service.get("/streams/telemetry/messages?wait=61"), 400, "invalid-query");
        assertProblem(service.get("/streams/telemetry/messages?wait=-1"), 400, "invalid-query");
    }

    @Test
    void aReaderAskingForDeletedOffsetsGetsTheFirstRetainedAndCanTell() throws Exception {
        for (int i = 0; i < 5; i++) {
            hub.streams().append(StreamName.TELEMETRY, message("d1", "old" + i, Instant.now().minus(Duration.ofDays(9))))
                    .join();
        }
        append("d1", "kept");
        hub.streams().applyRetention(StreamName.TELEMETRY, new StreamRetention(Duration.ofDays(7), 1 << 20),
                Instant.now());

        HttpResponse<String> answer = service.get("/streams/telemetry/messages?from=2");
        assertThat(bodies(answer)).containsExactly("kept");
        assertThat(JSON.readTree(answer.body()).get(0).path("offset").asLong()).isEqualTo(6);
        assertThat(answer.headers().firstValue("bulwark-first-offset")).contains("6");
        assertThat(answer.headers().firstValue("bulwark-last-offset")).contains("6");
        assertThat(answer.headers().firstValue("x-ms-continuation")).contains("7");
    }

    @Test
    void theAuditStreamNeedsAuditReadWhichTheServicePolicyLacks() {
        // S-ACL-3: telemetry and security are ServiceConnect, audit is AuditRead.
        for (String path : List.of("/streams/audit/messages", "/streams/audit/events",
                "/streams/audit/consumers", "/streams/audit/consumers/g1/messages")) {
            assertProblem(service.get(path), 403, "forbidden");
            AuditRecord refusal = hub.core.audit.latest().orElseThrow();
            assertThat(refusal.outcome()).isEqualTo(AuditOutcome.DENIED);
            assertThat(refusal.actor()).isEqualTo("policy:service");
        }
        assertThat(hub.client("iothubowner").get("/streams/audit/messages").statusCode()).isEqualTo(200);
        assertThat(hub.client("registryRead").get("/streams/telemetry/messages").statusCode()).isEqualTo(403);
    }

    @Test
    void aConsumerGroupReadsFromItsCommittedOffsetAcrossCommits() throws Exception {
        for (int i = 1; i <= 4; i++) {
            append("d1", "m" + i);
        }
        String group = "/streams/telemetry/consumers/billing";
        HttpResponse<String> first = service.get(group + "/messages?limit=3");
        assertThat(bodies(first)).containsExactly("m1", "m2", "m3");
        String next = first.headers().firstValue("x-ms-continuation").orElseThrow();
        // Nothing committed yet: a reread gives the same messages.
        assertThat(bodies(service.get(group + "/messages?limit=3"))).containsExactly("m1", "m2", "m3");

        HttpResponse<String> committed = service.put(group + "/offset", "{\"offset\": " + next + "}");
        assertThat(committed.statusCode()).isEqualTo(200);
        JsonNode cursor = JSON.readTree(committed.body());
        assertThat(cursor.path("group").asText()).isEqualTo("billing");
        assertThat(cursor.path("offset").asLong()).isEqualTo(4);
        AuditRecord audit = hub.core.audit.latest().orElseThrow();
        assertThat(audit.action()).isEqualTo("stream.consumer.commit");
        assertThat(audit.actor()).isEqualTo("policy:service");
        assertThat(audit.target()).isEqualTo("stream:telemetry/consumer:billing");

        assertThat(bodies(service.get(group + "/messages"))).containsExactly("m4");
        assertThat(JSON.readTree(service.get(group).body()).path("offset").asLong()).isEqualTo(4);
        JsonNode list = JSON.readTree(service.get("/streams/telemetry/consumers").body());
        assertThat(list).hasSize(1);
        assertThat(list.get(0).path("group").asText()).isEqualTo("billing");
        assertThat(JSON.readTree(service.get("/streams/security/consumers").body())).isEmpty();
    }

    @Test
    void aConsumerGroupLongPollsFromItsOffset() throws Exception {
        append("d1", "m1");
        service.put("/streams/telemetry/consumers/alerts/offset", "{\"offset\": 2}");
        CompletableFuture<HttpResponse<String>> waiting =
                sendAsync("/streams/telemetry/consumers/alerts/messages?wait=50");
        awaitLongPolls(1);
        append("d1", "m2");
        assertThat(bodies(waiting.get(30, java.util.concurrent.TimeUnit.SECONDS))).containsExactly("m2");
    }

    @Test
    void badGroupNamesOffsetsAndUnknownGroupsAreRefusedClearly() {
        append("d1", "m1");
        assertProblem(service.get("/streams/telemetry/consumers/bad%20name/messages"), 400,
                "invalid-consumer-group");
        assertProblem(service.put("/streams/telemetry/consumers/-x/offset", "{\"offset\": 1}"), 400,
                "invalid-consumer-group");
        String offset = "/streams/telemetry/consumers/g1/offset";
        assertProblem(service.put(offset, "{\"offset\": \"2\"}"), 400, "invalid-offset");
        assertProblem(service.put(offset, "{\"offset\": 2.5}"), 400, "invalid-offset");
        assertProblem(service.put(offset, "{}"), 400, "invalid-offset");
        assertProblem(service.put(offset, "{\"offset\": 3}"), 400, "invalid-offset");
        assertProblem(service.put(offset, "{\"offset\": 1"), 400, "invalid-json");
        assertProblem(service.get("/streams/telemetry/consumers/g1"), 404, "consumer-group-not-found");
        assertProblem(service.delete("/streams/telemetry/consumers/g1"), 404, "consumer-group-not-found");
        assertThat(service.put(offset, "{\"offset\": 2}").statusCode()).isEqualTo(200);
        assertThat(service.delete("/streams/telemetry/consumers/g1").statusCode()).isEqualTo(204);
        AuditRecord deleted = hub.core.audit.latest().orElseThrow();
        assertThat(deleted.action()).isEqualTo("stream.consumer.delete");
        assertThat(deleted.outcome()).isEqualTo(AuditOutcome.SUCCESS);
        assertProblem(service.get("/streams/telemetry/consumers/g1"), 404, "consumer-group-not-found");
    }

    private void awaitLongPolls(int count) {
        await().atMost(Duration.ofSeconds(30)).until(() ->
                hub.metrics.get("bulwark_stream_long_polls").gauge().value() == count);
    }

    private CompletableFuture<HttpResponse<String>> sendAsync(String path) {
        return CompletableFuture.supplyAsync(() -> service.get(path));
    }

    private void append(String deviceId, String body) {
        hub.streams().append(StreamName.TELEMETRY, message(deviceId, body, Instant.now())).join();
    }

    private static StreamMessage message(String deviceId, String body, Instant time) {
        return new StreamMessage(deviceId, null, time, "mqtt", Map.of(), body.getBytes(StandardCharsets.UTF_8));
    }

    private static List<String> bodies(HttpResponse<String> answer) throws Exception {
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        List<String> bodies = new ArrayList<>();
        for (JsonNode message : JSON.readTree(answer.body())) {
            bodies.add(new String(java.util.Base64.getDecoder().decode(message.path("body").asText()),
                    StandardCharsets.UTF_8));
        }
        return bodies;
    }
}
