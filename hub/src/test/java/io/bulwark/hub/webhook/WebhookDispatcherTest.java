package io.bulwark.hub.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bulwark.hub.TestHubCore;
import io.bulwark.hub.audit.AuditRecord;
import io.bulwark.hub.stream.StreamMessage;
import io.bulwark.hub.stream.StreamName;
import io.bulwark.hub.stream.embedded.SqliteStreams;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Delivery semantics over the real store and streams, with a scripted receiver in place of HTTPS: order, retries,
 * dead letters, filters, restarts, and one stuck route not holding up another.
 */
class WebhookDispatcherTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration PATIENCE = Duration.ofSeconds(20);
    private static final WebhookLimits FAST = WebhookLimits.DEFAULTS.withTimings(
            new RetryBackoff(Duration.ofMillis(10), Duration.ofMillis(40)), Duration.ofMillis(20));

    @TempDir
    Path dir;
    TestHubCore core;
    SqliteStreams streams;
    ScriptedSender sender;
    WebhookDispatcher dispatcher;
    Webhooks webhooks;

    @BeforeEach
    void start() {
        core = new TestHubCore(dir);
        streams = SqliteStreams.open(dir.resolve("streams.db"));
        sender = new ScriptedSender();
        startDispatcher(FAST);
    }

    @AfterEach
    void stop() {
        dispatcher.close();
        streams.close();
        core.close();
    }

    @Test
    void deliversInOffsetOrderAndRetriesUntilTheReceiverRecovers() {
        sender.script = request -> sender.calls().size() <= 3 ? DeliveryResult.ofStatus(500, null)
                : DeliveryResult.ofStatus(200, null);
        create("r", WebhookFilter.ALL, 8);
        publish("d1", 5);
        await().atMost(PATIENCE).until(() -> core.store.webhooks().position("r") == 5);
        assertThat(sender.calls()).extracting(WebhookRequest::offset).containsExactly(1L, 1L, 1L, 1L, 2L, 3L, 4L, 5L);
        assertThat(sender.calls()).extracting(WebhookRequest::attempt).containsExactly(1, 2, 3, 4, 1, 1, 1, 1);
        assertThat(core.store.webhooks().countDeadLetters("r")).isZero();
    }

    @Test
    void afterMaxAttemptsTheMessageBecomesADeadLetterAndTheNextIsDelivered() {
        sender.script = request -> request.offset() == 2 ? DeliveryResult.failed("connection refused")
                : DeliveryResult.ofStatus(204, null);
        create("r", WebhookFilter.ALL, 3);
        publish("d1", 3);
        await().atMost(PATIENCE).until(() -> core.store.webhooks().position("r") == 3);
        assertThat(sender.calls()).extracting(WebhookRequest::offset).containsExactly(1L, 2L, 2L, 2L, 3L);
        List<DeadLetter> letters = core.store.webhooks().deadLetters("r", 0, 10);
        assertThat(letters).singleElement().satisfies(letter -> {
            assertThat(letter.offset()).isEqualTo(2);
            assertThat(letter.attempts()).isEqualTo(3);
            assertThat(letter.lastStatus()).isZero();
            assertThat(letter.lastError()).isEqualTo("connection refused");
            assertThat(json(letter.payload()).path("offset").asLong()).isEqualTo(2);
        });
    }

    @Test
    void aPermanentRefusalIsDeadLetteredAfterOneAttempt() {
        sender.script = request -> request.offset() == 1 ? DeliveryResult.ofStatus(400, null)
                : DeliveryResult.ofStatus(200, null);
        create("r", WebhookFilter.ALL, 8);
        publish("d1", 2);
        await().atMost(PATIENCE).until(() -> core.store.webhooks().position("r") == 2);
        assertThat(sender.calls()).extracting(WebhookRequest::offset).containsExactly(1L, 2L);
        assertThat(core.store.webhooks().deadLetters("r", 0, 10)).singleElement()
                .satisfies(letter -> assertThat(letter.lastStatus()).isEqualTo(400));
    }

    @Test
    void aReceiverAddressRefusedAtDeliveryIsDeadLetteredAndAuditedOncePerEpisode() { // SSRF guard, S-AUD-1
        String refusal = "webhook receivers must have public addresses: receiver.example resolves to 10.0.0.7, "
                + "which is in the private range 10.0.0.0/8; " + WebhookTargets.ALLOWANCE_HINT;
        sender.script = request -> request.offset() <= 3 || request.offset() == 5
                ? DeliveryResult.targetRefused(refusal) : DeliveryResult.ofStatus(200, null);
        create("r", WebhookFilter.ALL, 8);
        publish("d1", 5);
        await().atMost(PATIENCE).until(() -> core.store.webhooks().position("r") == 5);
        assertThat(sender.calls()).as("one attempt each: the refusal is permanent").extracting(WebhookRequest::offset)
                .containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(core.store.webhooks().deadLetters("r", 0, 10)).extracting(DeadLetter::offset)
                .containsExactly(1L, 2L, 3L, 5L);
        assertThat(core.store.webhooks().deadLetters("r", 0, 10)).allSatisfy(letter -> {
            assertThat(letter.lastError()).isEqualTo(refusal);
            assertThat(letter.lastStatus()).isZero();
        });
        List<AuditRecord> refusals = core.audit.query(new io.bulwark.hub.audit.AuditQuery(null, "webhook.deliver",
                "webhook:r", null, null, null, 0, 100));
        assertThat(refusals).as("offsets 1-3 are one episode, 5 another after 4 got through")
                .extracting(AuditRecord::detail).containsExactly(
                        "webhook-target-not-public: offset 1 not sent, " + refusal,
                        "webhook-target-not-public: offset 5 not sent, " + refusal);
        assertThat(refusals).allSatisfy(record -> {
            assertThat(record.actor()).isEqualTo("hub");
            assertThat(record.outcome()).isEqualTo(io.bulwark.hub.audit.AuditOutcome.FAILURE);
        });

        long first = core.store.webhooks().deadLetters("r", 0, 10).get(0).id();
        DeliveryResult replayed = webhooks.replay(TestHubCore.OPERATOR, "r", first);
        assertThat(replayed.targetRefused()).isTrue();
        assertThat(core.audit.latest().orElseThrow().detail()).isEqualTo("dead letter " + first
                + " (offset of the stream unchanged): not delivered, webhook-target-not-public: " + refusal);
    }

    @Test
    void aStuckReceiverHoldsUpOnlyItsOwnRoute() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        sender.script = request -> {
            if (request.route().name().equals("stuck")) {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return DeliveryResult.failed("stopped");
                }
            }
            return DeliveryResult.ofStatus(200, null);
        };
        create("stuck", WebhookFilter.ALL, 8);
        create("healthy", WebhookFilter.ALL, 8);
        publish("d1", 20);
        await().atMost(PATIENCE).until(() -> core.store.webhooks().position("healthy") == 20);
        assertThat(core.store.webhooks().position("stuck")).isZero();
        release.countDown();
        await().atMost(PATIENCE).until(() -> core.store.webhooks().position("stuck") == 20);
    }

    @Test
    void theFilterSkipsMessagesButThePositionMovesPastThem() {
        create("only-c", new WebhookFilter("d1", "unit", "C"), 8);
        append("d1", Map.of("unit", "C"));
        append("d1", Map.of("unit", "K"));
        append("d2", Map.of("unit", "C"));
        append("d1", Map.of("unit", "C"));
        await().atMost(PATIENCE).until(() -> core.store.webhooks().position("only-c") == 4);
        assertThat(sender.calls()).extracting(WebhookRequest::offset).containsExactly(1L, 4L);
    }

    @Test
    void aNewRouteStartsAfterWhatTheStreamHeldUnlessAskedForTheEarliest() {
        publish("d1", 3);
        create("latest", WebhookFilter.ALL, 8);
        webhooks.create(TestHubCore.OPERATOR, new WebhookSpec("earliest", StreamName.TELEMETRY, WebhookFilter.ALL,
                "https://receiver.example/", null, 8, true, true));
        publish("d1", 1);
        await().atMost(PATIENCE).until(() -> core.store.webhooks().position("latest") == 4
                && core.store.webhooks().position("earliest") == 4);
        assertThat(sender.calls()).filteredOn(r -> r.route().name().equals("latest"))
                .extracting(WebhookRequest::offset).containsExactly(4L);
        assertThat(sender.calls()).filteredOn(r -> r.route().name().equals("earliest"))
                .extracting(WebhookRequest::offset).containsExactly(1L, 2L, 3L, 4L);
    }

    @Test
    void afterARestartDeliveryGoesOnFromTheStoredPosition() {
        create("r", WebhookFilter.ALL, 8);
        publish("d1", 3);
        await().atMost(PATIENCE).until(() -> core.store.webhooks().position("r") == 3);
        dispatcher.close();
        publish("d1", 2);
        startDispatcher(FAST);
        await().atMost(PATIENCE).until(() -> core.store.webhooks().position("r") == 5);
        assertThat(sender.calls()).extracting(WebhookRequest::offset).containsExactly(1L, 2L, 3L, 4L, 5L);
    }

    @Test
    void aFullDeadLetterListDisablesTheRouteWithoutLosingTheMessage() {
        dispatcher.close();
        startDispatcher(FAST.withMaxDeadLetters(1));
        sender.script = request -> DeliveryResult.ofStatus(410, null);
        create("r", WebhookFilter.ALL, 8);
        publish("d1", 3);
        await().atMost(PATIENCE).until(() -> !core.store.webhooks().find("r").orElseThrow().enabled());
        assertThat(core.store.webhooks().countDeadLetters("r")).isEqualTo(1);
        assertThat(core.store.webhooks().position("r")).as("offset 2 waits for room").isEqualTo(1);
        AuditRecord last = core.audit.latest().orElseThrow();
        assertThat(last.action()).isEqualTo("webhook.disable");
        assertThat(last.actor()).isEqualTo("hub");
        assertThat(last.detail()).contains("dead-letter list full");
        await().atMost(PATIENCE).until(() -> dispatcher.activeRoutes().isEmpty());
    }

    @Test
    void disablingStopsDeliveryAndEnablingResumesIt() {
        create("r", WebhookFilter.ALL, 8);
        webhooks.setEnabled(TestHubCore.OPERATOR, "r", false);
        publish("d1", 2);
        assertThat(dispatcher.activeRoutes()).isEmpty();
        webhooks.setEnabled(TestHubCore.OPERATOR, "r", true);
        await().atMost(PATIENCE).until(() -> core.store.webhooks().position("r") == 2);
        assertThat(sender.calls()).extracting(WebhookRequest::offset).containsExactly(1L, 2L);
    }

    private void startDispatcher(WebhookLimits limits) {
        dispatcher = new WebhookDispatcher(core.store.webhooks(), streams, sender, limits, core.audit,
                Clock.systemUTC());
        dispatcher.start();
        // receiver.example resolves nowhere here: creation accepts a name that does not resolve yet, and the
        // scripted sender never connects.
        WebhookTargets targets = new WebhookTargets(PrivateTargetAllowance.NONE, host -> {
            throw new java.net.UnknownHostException(host);
        });
        webhooks = new Webhooks(core.store.webhooks(), streams, dispatcher, sender, targets, limits, core.audit,
                Clock.systemUTC(), new SecureRandom());
    }

    private void create(String name, WebhookFilter filter, int maxAttempts) {
        webhooks.create(TestHubCore.OPERATOR, new WebhookSpec(name, StreamName.TELEMETRY, filter,
                "https://receiver.example/hook", null, maxAttempts, true, false));
    }

    private void publish(String deviceId, int count) {
        for (int i = 0; i < count; i++) {
            append(deviceId, Map.of());
        }
    }

    private void append(String deviceId, Map<String, String> properties) {
        streams.append(StreamName.TELEMETRY, new StreamMessage(deviceId, null, Instant.now(), "mqtt", properties,
                "{}".getBytes(StandardCharsets.UTF_8))).join();
    }

    private static JsonNode json(byte[] bytes) {
        try {
            return JSON.readTree(bytes);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    /** Answers by a script and remembers every request, in the order they came. */
    static final class ScriptedSender implements WebhookSender {
        volatile Function<WebhookRequest, DeliveryResult> script = request -> DeliveryResult.ofStatus(200, null);
        private final List<WebhookRequest> calls = new ArrayList<>();

        @Override
        public DeliveryResult send(WebhookRequest request, WebhookSecret secret) {
            synchronized (this) {
                calls.add(request);
            }
            return script.apply(request);
        }

        synchronized List<WebhookRequest> calls() {
            return List.copyOf(calls);
        }
    }
}
