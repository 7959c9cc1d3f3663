package io.bulwark.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real device security agent against a real hub, from the fixture change on the device to what an operator sees
 * over REST (S-MON-1, S-MON-2): a USB stick plugged into a device whose class allows no USB and an opened enclosure
 * are alerts within the 2 s the monitoring promises; a port the class does not allow, opened on the device and seen
 * in the agent's next posture snapshot (read from a fixture {@code /proc/net/tcp}), is a finding and an alert.
 */
class AgentAlertsEndToEndTest extends DeviceSdkHubTest {

    /** From the fixture change to the alert over REST: the agent's poll, MQTT, ingest, the detector, the store. */
    private static final Duration ALERT_LATENCY = Duration.ofSeconds(2);
    private static final Duration POLL = Duration.ofMillis(50);
    private static final Duration GENEROUS = Duration.ofSeconds(30);

    @TempDir
    Path device;
    private AgentFixture fixture;

    @BeforeEach
    void createDeviceFiles() throws Exception {
        fixture = new AgentFixture(device, ca);
    }

    @AfterEach
    void stopAgent() {
        fixture.close();
    }

    @Test
    void aUsbStickPluggedIntoACameraIsAHighAlertOverRestWithinTwoSeconds() throws Exception { // S-MON-1
        deviceClass("camera", "{\"baseline\": {\"usbAllowed\": false}}");
        byte[] key = createDevice("cam-1", "camera");
        fixture.start(sdkClient("cam-1", key).build(), fixture.config(Map.of("usb.interval", "200ms")));
        awaitFirstPosture("cam-1");

        long plugged = System.nanoTime();
        fixture.plugUsb("1-2", "0781", "5567", "SanDisk", "Cruzer Blade");
        JsonNode alert = await().atMost(ALERT_LATENCY).pollInterval(POLL).pollDelay(Duration.ZERO)
                .until(() -> alerts("/alerts?deviceId=cam-1&rule=usb-attach"), found -> !found.isEmpty()).get(0);
        System.out.printf("USB attach in the fixture to the alert over REST: %d ms%n",
                Duration.ofNanos(System.nanoTime() - plugged).toMillis());

        assertThat(alert.path("severity").asText()).isEqualTo("high");
        assertThat(alert.path("state").asText()).isEqualTo("open");
        assertThat(alert.path("evidence").get(0).path("stream").asText()).isEqualTo("security");
        assertThat(alerts("/alerts?deviceId=cam-1&rule=usb-attach")).hasSize(1);
    }

    @Test
    void anOpenedEnclosureIsACriticalAlertOverRestWithinTwoSeconds() throws Exception { // S-MON-1
        Files.writeString(fixture.tamperInput(), "0\n");
        byte[] key = createDevice("kiosk-1", null);
        fixture.start(sdkClient("kiosk-1", key).build(), fixture.config(Map.of("tamper.input", "tamper",
                "tamper.value", "1", "tamper.kind", "cover-open", "tamper.interval", "200ms")));
        awaitFirstPosture("kiosk-1");

        long opened = System.nanoTime();
        Files.writeString(fixture.tamperInput(), "1\n");
        JsonNode alert = await().atMost(ALERT_LATENCY).pollInterval(POLL).pollDelay(Duration.ZERO)
                .until(() -> alerts("/alerts?deviceId=kiosk-1&severity=critical"), found -> !found.isEmpty()).get(0);
        System.out.printf("Tamper input in the fixture to the alert over REST: %d ms%n",
                Duration.ofNanos(System.nanoTime() - opened).toMillis());

        assertThat(alert.path("rule").asText()).isEqualTo("tamper");
        assertThat(alert.path("state").asText()).isEqualTo("open");
        assertThat(alert.path("summary").asText()).startsWith("tamper reported by kiosk-1: cover-open (input ");
        assertThat(alert.path("evidence").get(0).path("stream").asText()).isEqualTo("security");
    }

    @Test
    void aPortTheClassDoesNotAllowInTheAgentsPostureIsAFindingAndAnAlert() throws Exception { // S-MON-2
        deviceClass("gateway", "{\"baseline\": {\"allowedListeningPorts\": [{\"protocol\": \"tcp\", \"port\": 22}]}}");
        fixture.listenOnTcp(22);
        byte[] key = createDevice("gw-1", "gateway");
        fixture.start(sdkClient("gw-1", key).build(), fixture.config(Map.of()));
        JsonNode checked = await().atMost(GENEROUS).until(() -> JSON.readTree(api.get("/devices/gw-1/posture")
                .body()), posture -> !posture.path("snapshot").isNull() && !posture.path("snapshot").isMissingNode());
        assertThat(checked.path("findings")).as("ssh alone is allowed").isEmpty();

        fixture.listenOnTcp(22, 23); // telnet started on the device: the agent's next snapshot lists it

        JsonNode findings = await().atMost(GENEROUS).until(() -> JSON.readTree(api.get("/devices/gw-1/posture")
                .body()).path("findings"), found -> !found.isEmpty());
        assertThat(findings).singleElement().satisfies(finding -> {
            assertThat(finding.path("check").asText()).isEqualTo("listening-ports");
            assertThat(finding.path("severity").asText()).isEqualTo("high");
            assertThat(finding.path("message").asText())
                    .isEqualTo("listening on ports the class does not allow: tcp/23");
        });
        JsonNode alerts = await().atMost(GENEROUS).until(() -> JSON.readTree(api.get("/alerts?deviceId=gw-1&rule=posture")
                .body()), found -> !found.isEmpty());
        assertThat(alerts).singleElement().satisfies(alert -> {
            assertThat(alert.path("dedupKey").asText()).isEqualTo("posture:listening-ports:device:gw-1");
            assertThat(alert.path("state").asText()).isEqualTo("open");
        });
    }

    private void deviceClass(String name, String json) {
        HttpResponse<String> created = api.put("/deviceClasses/" + name, json);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    }

    /** A registry entry with the {@code deviceClass} tag the detectors read, or none when {@code deviceClass} is null. */
    private byte[] createDevice(String deviceId, String deviceClass) throws Exception {
        String tags = deviceClass == null ? "{}" : "{\"deviceClass\": \"" + deviceClass + "\"}";
        HttpResponse<String> created = api.put("/devices/" + deviceId, "{\"deviceId\": \"" + deviceId
                + "\", \"tags\": " + tags + "}");
        assertThat(created.statusCode()).as(created.body()).isIn(200, 201);
        return Base64.getDecoder().decode(JSON.readTree(created.body())
                .at("/authentication/symmetricKey/primaryKey").asText());
    }

    /** The agent has sent its first snapshot, so it has read the inputs as they were before the test changes them. */
    private void awaitFirstPosture(String deviceId) {
        await().atMost(GENEROUS).until(() -> JSON.readTree(api.get("/streams/security/messages?deviceId=" + deviceId)
                .body()).size() >= 1);
    }
}
