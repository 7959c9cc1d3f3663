package io.bulwark.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bulwark.hub.audit.AuditRecord;
import io.bulwark.hub.webhook.PrivateTargetAllowance;
import io.bulwark.hub.webhook.RetryBackoff;
import io.bulwark.hub.webhook.TestCertificates;
import io.bulwark.hub.webhook.TestReceiver;
import io.bulwark.hub.webhook.WebhookLimits;
import io.netty.handler.codec.mqtt.MqttQoS;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Webhook routes end to end: a device publishes over MQTT/TLS into a real hub, and the hub POSTs each message, signed,
 * to a real HTTPS receiver on 127.0.0.1 whose certificate comes from a CA made for the test.
 */
class WebhookDeliveryTest extends MqttHubTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final WebhookLimits QUICK_RETRIES = WebhookLimits.DEFAULTS.withTimings(
            new RetryBackoff(Duration.ofMillis(50), Duration.ofMillis(200)), Duration.ofMillis(50));
    /**
     * The receivers listen on 127.0.0.1, which the SSRF guard refuses unless allowed: this is what
     * {@code BULWARK_WEBHOOK_ALLOW_PRIVATE_TARGETS=127.0.0.1/32} sets.
     */
    private static final WebhookLimits LOOPBACK_ALLOWED = QUICK_RETRIES.withPrivateTargets(
            PrivateTargetAllowance.parse("127.0.0.1/32"));

    private final List<AutoCloseable> receivers = new ArrayList<>();
    private TestCertificates certificates;
    private ListAppender<ILoggingEvent> logs;
    private Logger root;

    @Override
    @BeforeEach
    void start() {
        root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        logs = new ListAppender<>();
        logs.start();
        root.addAppender(logs);
        restart("hub", FAST.withWebhooks(LOOPBACK_ALLOWED));
        certificates = TestCertificates.newCa(data.resolve("receiver-ca"));
    }

    @AfterEach
    void closeReceivers() throws Exception {
        for (AutoCloseable receiver : receivers) {
            receiver.close();
        }
        root.detachAppender(logs);
    }

    @Test
    void deliversDeviceTelemetrySignedToAnHttpsReceiver() throws Exception {
        TestReceiver receiver = receiver(certificates, "127.0.0.1");
        String secret = createRoute("to-backend", receiver, certificates.caPem(), 8);
        publish("sensor-1", 3);

        await().atMost(PATIENCE).until(() -> receiver.accepted().size() == 3);
        List<TestReceiver.Received> received = receiver.accepted();
        for (int i = 0; i < 3; i++) {
            TestReceiver.Received request = received.get(i);
            assertSignedBy(secret, request);
            JsonNode message = JSON.readTree(request.body());
            assertThat(message.path("route").asText()).isEqualTo("to-backend");
            assertThat(message.path("stream").asText()).isEqualTo("telemetry");
            assertThat(message.path("offset").asLong()).isEqualTo(i + 1);
            assertThat(request.header("Bulwark-Offset")).isEqualTo(String.valueOf(i + 1));
            assertThat(request.header("Bulwark-Route")).isEqualTo("to-backend");
            assertThat(request.header("Content-Type")).isEqualTo("application/json");
            assertThat(message.path("deviceId").asText()).isEqualTo("sensor-1");
            assertThat(message.path("sourceProtocol").asText()).isEqualTo("mqtt");
            assertThat(message.at("/properties/$.mid").asText()).isEqualTo("m-" + i);
            assertThat(message.at("/properties/unit").asText()).isEqualTo("C");
            assertThat(new String(Base64.getDecoder().decode(message.path("body").asText()), StandardCharsets.UTF_8))
                    .isEqualTo("{\"t\":" + i + "}");
        }
        assertThat(JSON.readTree(api.get("/routes/webhooks/to-backend").body()).path("position").asLong())
                .isEqualTo(3);
        assertSecretNeverLogged(secret);
    }

    @Test
    void aReceiverFailingWith500ThenRecoveringGetsEveryMessageInOrder() throws Exception {
        TestReceiver receiver = receiver(certificates, "127.0.0.1");
        receiver.answer(n -> n <= 4 ? 500 : 200);
        String secret = createRoute("flaky", receiver, certificates.caPem(), 8);
        publish("sensor-1", 5);

        await().atMost(PATIENCE).until(() -> receiver.accepted().size() == 5);
        List<Long> offsets = new ArrayList<>();
        for (TestReceiver.Received request : receiver.accepted()) {
            assertSignedBy(secret, request);
            offsets.add(JSON.readTree(request.body()).path("offset").asLong());
        }
        assertThat(offsets).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(receiver.all().subList(0, 5)).extracting(r -> r.header("Bulwark-Attempt"))
                .as("the first message, tried until the receiver recovered").containsExactly("1", "2", "3", "4", "5");
        assertThat(receiver.requests()).isEqualTo(9);
        JsonNode route = JSON.readTree(api.get("/routes/webhooks/flaky").body());
        assertThat(route.path("deadLetterCount").asInt()).isZero();
    }

    @Test
    void aReceiverThatAlwaysFailsGetsDeadLettersWhichCanBeReplayedOrPurged() throws Exception {
        TestReceiver receiver = receiver(certificates, "127.0.0.1");
        receiver.answer(n -> 503);
        String secret = createRoute("down", receiver, certificates.caPem(), 3);
        publish("sensor-1", 2);

        await().atMost(PATIENCE).until(() -> JSON.readTree(api.get("/routes/webhooks/down").body())
                .path("deadLetterCount").asInt() == 2);
        assertThat(receiver.requests()).as("three attempts each").isEqualTo(6);
        assertThat(JSON.readTree(api.get("/routes/webhooks/down").body()).path("position").asLong()).isEqualTo(2);
        JsonNode letters = JSON.readTree(api.get("/routes/webhooks/down/deadLetters").body());
        assertThat(letters).hasSize(2);
        JsonNode first = letters.get(0);
        assertThat(first.path("offset").asLong()).isEqualTo(1);
        assertThat(first.path("attempts").asInt()).isEqualTo(3);
        assertThat(first.path("lastStatus").asInt()).isEqualTo(503);
        assertThat(first.path("lastError").asText()).isEqualTo("the receiver answered 503");
        assertThat(first.at("/message/deviceId").asText()).isEqualTo("sensor-1");
        long firstId = first.path("id").asLong();
        long secondId = letters.get(1).path("id").asLong();

        HttpResponse<String> stillDown = api.post("/routes/webhooks/down/deadLetters/" + firstId + "/replay", "");
        assertThat(stillDown.statusCode()).isEqualTo(502);
        assertThat(JSON.readTree(stillDown.body()).path("type").asText()).isEqualTo("urn:bulwark:problem:replay-failed");
        assertThat(JSON.readTree(api.get("/routes/webhooks/down/deadLetters").body()).get(0).path("attempts").asInt())
                .isEqualTo(4);

        receiver.answer(n -> 200);
        HttpResponse<String> replayed = api.post("/routes/webhooks/down/deadLetters/" + firstId + "/replay", "");
        assertThat(replayed.statusCode()).as(replayed.body()).isEqualTo(200);
        assertThat(JSON.readTree(replayed.body()).path("delivered").asBoolean()).isTrue();
        assertThat(receiver.accepted()).singleElement().satisfies(request -> {
            assertSignedBy(secret, request);
            assertThat(request.header("Bulwark-Offset")).isEqualTo("1");
        });
        assertThat(api.delete("/routes/webhooks/down/deadLetters/" + secondId).statusCode()).isEqualTo(204);
        assertThat(api.get("/routes/webhooks/down/deadLetters").body()).isEqualTo("[]");
        List<String> actions = new ArrayList<>();
        JSON.readTree(api.get("/audit?target=webhook:down").body())
                .forEach(record -> actions.add(record.path("action").asText() + " "
                        + record.path("outcome").asText()));
        assertThat(actions).containsExactly("webhook.create success", "webhook.replay success",
                "webhook.replay success", "webhook.purge success");
        assertSecretNeverLogged(secret);
    }

    @Test
    void aReceiverWithAnUntrustedCertificateNeverGetsTheBody() throws Exception { // S-TLS-2 for outbound TLS
        TestReceiver receiver = receiver(certificates, "127.0.0.1");
        TestReceiver wrongName = receiver(certificates, "receiver.example");
        TestCertificates otherCa = TestCertificates.newCa(data.resolve("other-ca"));
        createRoute("jdk-trust", receiver, null, 2);
        createRoute("other-ca", receiver, otherCa.caPem(), 2);
        createRoute("wrong-name", wrongName, certificates.caPem(), 2);
        publish("sensor-1", 1);

        for (String route : List.of("jdk-trust", "other-ca", "wrong-name")) {
            await().atMost(PATIENCE).until(() -> JSON.readTree(api.get("/routes/webhooks/" + route).body())
                    .path("deadLetterCount").asInt() == 1);
            JsonNode letter = JSON.readTree(api.get("/routes/webhooks/" + route + "/deadLetters").body()).get(0);
            assertThat(letter.path("lastStatus").asInt()).as(route).isZero();
            assertThat(letter.path("lastError").asText()).as(route).isEqualTo("TLS handshake failed: the receiver's "
                    + "certificate is not trusted or does not name its host");
        }
        assertThat(receiver.requests()).isZero();
        assertThat(wrongName.requests()).isZero();
    }

    @Test
    void refusesAPlainHttpReceiver() throws Exception { // S-TLS-1
        ObjectNode body = JSON.createObjectNode().put("name", "plain").put("stream", "telemetry")
                .put("url", "http://127.0.0.1:9/hook");
        HttpResponse<String> refused = api.post("/routes/webhooks", body.toString());
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(refused.body()).path("type").asText())
                .isEqualTo("urn:bulwark:problem:webhook-url-not-https");
        AuditRecord audited = lastAudit();
        assertThat(audited.action()).isEqualTo("webhook.create");
        assertThat(audited.detail()).isEqualTo("webhook-url-not-https");
        assertThat(api.get("/routes/webhooks").body()).isEqualTo("[]");
    }

    @Test
    void aHubWithoutTheAllowanceRefusesAReceiverOnItsOwnNetwork() throws Exception { // SSRF guard, S-AUD-1
        restart("hub", FAST.withWebhooks(QUICK_RETRIES));
        TestReceiver receiver = receiver(certificates, "127.0.0.1");
        for (String url : List.of(receiver.url("/hooks/in").toString(), "https://10.0.0.1/hooks/in",
                "https://169.254.169.254/latest/meta-data/", "https://[::1]:" + receiver.url("/").getPort() + "/in",
                "https://[::ffff:127.0.0.1]:" + receiver.url("/").getPort() + "/in")) {
            ObjectNode body = JSON.createObjectNode().put("name", "inside").put("stream", "telemetry")
                    .put("url", url).put("trustedCa", certificates.caPem());
            HttpResponse<String> refused = api.post("/routes/webhooks", body.toString());
            assertThat(refused.statusCode()).as(url).isEqualTo(400);
            assertThat(JSON.readTree(refused.body()).path("type").asText())
                    .isEqualTo("urn:bulwark:problem:webhook-target-not-public");
            AuditRecord audited = lastAudit();
            assertThat(audited.action()).isEqualTo("webhook.create");
            assertThat(audited.outcome().wireName()).isEqualTo("failure");
            assertThat(audited.detail()).isEqualTo("webhook-target-not-public");
        }
        publish("sensor-1", 1);
        assertThat(api.get("/routes/webhooks").body()).isEqualTo("[]");
        assertThat(receiver.requests()).isZero();
    }

    @Test
    void anAlertsRouteGetsEachCriticalAlertSignedAndRetried() throws Exception {
        TestReceiver receiver = receiver(certificates, "127.0.0.1");
        receiver.answer(n -> n == 1 ? 500 : 200);
        ObjectNode body = JSON.createObjectNode().put("name", "pager").put("stream", "alerts")
                .put("url", receiver.url("/hooks/pager").toString()).put("trustedCa", certificates.caPem());
        body.putObject("filter").put("property", "alert-severity").put("value", "critical");
        HttpResponse<String> created = api.post("/routes/webhooks", body.toString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String secret = JSON.readTree(created.body()).path("secret").asText();

        byte[] key = createDevice("kiosk-1");
        byte[] tamper = new io.bulwark.protocol.security.SecurityEventCodec().encode(
                io.bulwark.protocol.security.SecurityEvent.of(1, "boot-1", Instant.now(),
                        new io.bulwark.protocol.security.Tamper("cover-open", null)));
        try (RawMqttClient device = RawMqttClient.open(ca, hub.mqttPort())) {
            assertThat(device.connect("kiosk-1", userName("kiosk-1"), token("kiosk-1", key, 3600)))
                    .isEqualTo(ACCEPTED);
            device.publish("devices/kiosk-1/messages/events/bulwark-stream=security", MqttQoS.AT_LEAST_ONCE, 1,
                    new String(tamper, StandardCharsets.UTF_8));
            assertThat(device.read().type()).as("PUBACK").isEqualTo(4);
        }

        await().atMost(PATIENCE).until(() -> receiver.accepted().size() == 1);
        TestReceiver.Received request = receiver.accepted().get(0);
        assertSignedBy(secret, request);
        assertThat(request.header("Bulwark-Attempt")).isEqualTo("2");
        JsonNode message = JSON.readTree(request.body());
        assertThat(message.path("stream").asText()).isEqualTo("alerts");
        assertThat(message.at("/properties/alert-change").asText()).isEqualTo("raised");
        JsonNode alert = JSON.readTree(Base64.getDecoder().decode(message.path("body").asText()));
        assertThat(alert.path("rule").asText()).isEqualTo("tamper");
        assertThat(alert.path("deviceId").asText()).isEqualTo("kiosk-1");
        assertSecretNeverLogged(secret);
    }

    private TestReceiver receiver(TestCertificates ca, String hostName) {
        TestReceiver receiver = TestReceiver.start(ca.serverContext(hostName));
        receivers.add(receiver);
        return receiver;
    }

    /** Registers a route to the receiver and returns its secret, shown only in this answer. */
    private String createRoute(String name, TestReceiver receiver, String trustedCa, int maxAttempts)
            throws Exception {
        ObjectNode body = JSON.createObjectNode().put("name", name).put("stream", "telemetry")
                .put("url", receiver.url("/hooks/" + name).toString()).put("maxAttempts", maxAttempts);
        if (trustedCa != null) {
            body.put("trustedCa", trustedCa);
        }
        HttpResponse<String> created = api.post("/routes/webhooks", body.toString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return JSON.readTree(created.body()).path("secret").asText();
    }

    private void publish(String deviceId, int count) throws Exception {
        byte[] key = createDevice(deviceId);
        try (RawMqttClient device = RawMqttClient.open(ca, hub.mqttPort())) {
            assertThat(device.connect(deviceId, userName(deviceId), token(deviceId, key, 3600))).isEqualTo(ACCEPTED);
            for (int i = 0; i < count; i++) {
                device.publish("devices/" + deviceId + "/messages/events/%24.mid=m-" + i + "&unit=C",
                        MqttQoS.AT_LEAST_ONCE, i + 1, "{\"t\":" + i + "}");
                assertThat(device.read().type()).as("PUBACK").isEqualTo(4);
            }
        }
    }

    /** Checks the signature as docs/webhooks.md tells a receiver to, without the hub's own code. */
    private static void assertSignedBy(String secret, TestReceiver.Received request) {
        String timestamp = request.header("Bulwark-Timestamp");
        assertThat(Math.abs(Instant.now().getEpochSecond() - Long.parseLong(timestamp))).isLessThan(300);
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
            String expected = "v1=" + HexFormat.of().formatHex(mac.doFinal(request.body()));
            assertThat(request.header("Bulwark-Signature")).isEqualTo(expected);
        } catch (java.security.GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    private void assertSecretNeverLogged(String secret) { // S-DATA-4
        assertThat(logs.list).isNotEmpty();
        assertThat(logs.list).noneSatisfy(event -> assertThat(event.getFormattedMessage()).contains(secret));
        assertThat(api.get("/audit?pageSize=1000").body()).doesNotContain(secret);
    }
}
