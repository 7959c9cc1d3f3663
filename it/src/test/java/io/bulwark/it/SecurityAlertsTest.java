package io.bulwark.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.bulwark.hub.HubLimits;
import io.bulwark.hub.audit.AuditQuery;
import io.bulwark.hub.audit.AuditRecord;
import io.bulwark.hub.security.MonitoringLimits;
import io.bulwark.hub.security.SourceExemptions;
import io.bulwark.protocol.security.SecurityEvent;
import io.bulwark.protocol.security.SecurityEventCodec;
import io.bulwark.protocol.security.Tamper;
import io.netty.handler.codec.mqtt.MqttQoS;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * End to end over raw MQTT: brute force from one source gets it blocked (S-AUTH-7), one device key used from two
 * source addresses is a cloned-credential alert (S-AUTH-9), and a tamper event becomes a critical alert (S-MON-1),
 * each seen over REST. The attacker and the clone connect from 127.0.0.2/127.0.0.3, so blocking them never blocks the
 * test's own REST client on 127.0.0.1 (which these limits exempt).
 */
class SecurityAlertsTest extends MqttHubTest {

    private static final int SERVER_UNAVAILABLE = 3;
    private static final Duration BLOCK = Duration.ofSeconds(15);
    private static final Duration GENEROUS = Duration.ofSeconds(30);

    private static HubLimits monitoring() {
        return FAST.withMonitoring(MonitoringLimits.DEFAULTS
                .withSourceBlocking(3, 5, Duration.ofMillis(200), BLOCK,
                        new SourceExemptions(List.of("127.0.0.1")))
                .withFlapping(3, Duration.ofMinutes(10)));
    }

    @Test
    void bruteForceFromOneSourceBlocksItEvenWithAGoodTokenUntilTheBlockEnds() throws Exception { // S-AUTH-7
        restart("brute", monitoring());
        byte[] key = createDevice("pump-1");
        byte[] wrong = new byte[32];

        // Guesses until the hub blocks the source; slowed-down attempts are answered 3 without being checked.
        Awaitility.await().atMost(GENEROUS).until(() -> {
            int code = connectFrom("127.0.0.3", "pump-1", token("pump-1", wrong, 600));
            assertThat(code).isIn(NOT_AUTHORIZED, SERVER_UNAVAILABLE);
            return openAlerts("auth-failures-source").size() == 1;
        });

        JsonNode alert = openAlerts("auth-failures-source").get(0);
        assertThat(alert.path("severity").asText()).isEqualTo("high");
        assertThat(alert.path("sourceAddress").asText()).isEqualTo("127.0.0.3");
        assertThat(alert.path("evidence").get(0).path("stream").asText()).isEqualTo("audit");
        assertThat(connectFrom("127.0.0.3", "pump-1", token("pump-1", key, 600)))
                .as("blocked even with a good token").isEqualTo(NOT_AUTHORIZED);
        assertThat(connectFrom("127.0.0.1", "pump-1", token("pump-1", key, 600)))
                .as("other sources unaffected").isEqualTo(ACCEPTED);
        List<AuditRecord> blocks = hub.auditLog().query(new AuditQuery(null, "security.source-blocked", null, null,
                null, null, 0, 10));
        assertThat(blocks).singleElement().satisfies(block -> {
            assertThat(block.actor()).isEqualTo("hub");
            assertThat(block.target()).isEqualTo("source:127.0.0.3");
        });
        assertThat(hub.auditLog().query(new AuditQuery(null, "security.source-slowed", null, null, null, null, 0,
                10))).hasSize(1);

        Awaitility.await().atMost(BLOCK.plus(GENEROUS)).pollInterval(Duration.ofSeconds(1))
                .until(() -> connectFrom("127.0.0.3", "pump-1", token("pump-1", key, 600)) == ACCEPTED);
    }

    @Test
    void oneDeviceKeyUsedFromTwoSourceAddressesIsAClonedCredential() throws Exception { // S-AUTH-9
        restart("clone", monitoring());
        byte[] key = createDevice("meter-9");
        String[] sources = {"127.0.0.1", "127.0.0.2"};
        RawMqttClient previous = null;
        for (int i = 0; i < 6; i++) {
            RawMqttClient client = RawMqttClient.openFrom(sources[i % 2], ca, hub.mqttPort());
            assertThat(client.connect("meter-9", userName("meter-9"), token("meter-9", key, 600)))
                    .isEqualTo(ACCEPTED);
            if (previous != null) {
                assertThat(previous.isClosedByHub()).as("the older connection is closed").isTrue();
                previous.close();
            }
            previous = client;
        }
        previous.close();

        JsonNode alert = Awaitility.await().atMost(GENEROUS)
                .until(() -> openAlerts("cloned-credential"), alerts -> alerts.size() == 1).get(0);
        assertThat(alert.path("deviceId").asText()).isEqualTo("meter-9");
        assertThat(alert.path("severity").asText()).isEqualTo("high");
        assertThat(alert.path("sourceAddress").asText()).isIn("127.0.0.1", "127.0.0.2");
        assertThat(alert.path("summary").asText()).contains("switched between source addresses");
    }

    @Test
    void aTamperEventSentOverMqttIsACriticalAlertOverRest() throws Exception { // S-MON-1
        byte[] key = createDevice("kiosk-3");
        byte[] event = new SecurityEventCodec().encode(SecurityEvent.of(1, "boot-1", Instant.now(),
                new Tamper("cover-open", "enclosure switch opened")));
        try (RawMqttClient device = RawMqttClient.open(ca, hub.mqttPort())) {
            assertThat(device.connect("kiosk-3", userName("kiosk-3"), token("kiosk-3", key, 600)))
                    .isEqualTo(ACCEPTED);
            device.publish("devices/kiosk-3/messages/events/bulwark-stream=security", MqttQoS.AT_LEAST_ONCE, 1,
                    new String(event, StandardCharsets.UTF_8));
            assertThat(device.read().type()).as("PUBACK").isEqualTo(4);
        }

        JsonNode alert = Awaitility.await().atMost(GENEROUS)
                .until(() -> alerts("/alerts?deviceId=kiosk-3&severity=critical"), alerts -> alerts.size() == 1)
                .get(0);
        assertThat(alert.path("rule").asText()).isEqualTo("tamper");
        assertThat(alert.path("state").asText()).isEqualTo("open");
        assertThat(alert.path("summary").asText()).isEqualTo("tamper reported by kiosk-3: cover-open "
                + "(enclosure switch opened)");
        JsonNode evidence = alert.path("evidence").get(0);
        assertThat(evidence.path("stream").asText()).isEqualTo("security");
        JsonNode stored = JSON.readTree(api.get("/streams/security/messages?from="
                + evidence.path("offset").asLong() + "&limit=1").body());
        assertThat(stored.get(0).path("deviceId").asText()).isEqualTo("kiosk-3");
    }

    private int connectFrom(String source, String deviceId, String password) throws Exception {
        try (RawMqttClient client = RawMqttClient.openFrom(source, ca, hub.mqttPort())) {
            return client.connect(deviceId, userName(deviceId), password);
        }
    }

    private List<JsonNode> openAlerts(String rule) throws Exception {
        return alerts("/alerts?state=open&rule=" + rule);
    }
}
