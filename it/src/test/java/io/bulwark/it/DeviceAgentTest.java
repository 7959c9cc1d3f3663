package io.bulwark.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.bulwark.device.agent.SecurityAgent;
import io.bulwark.device.client.DeviceClient;
import io.bulwark.protocol.security.LoginAttempt;
import io.bulwark.protocol.security.PhysicalAccess;
import io.bulwark.protocol.security.PostureSnapshot;
import io.bulwark.protocol.security.SecurityEvent;
import io.bulwark.protocol.security.SecurityEventCodec;
import io.bulwark.protocol.security.SecurityEventType;
import io.bulwark.protocol.security.Tamper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The device security agent against a real hub, over the device SDK: its events arrive in the {@code security}
 * stream (and never in telemetry) as the schema defines them, numbered in one increasing series, and the posture is
 * summarised in the twin. The agent watches a fixture sysfs USB tree and a fake auth log that the test changes.
 */
class DeviceAgentTest extends DeviceSdkHubTest {

    private static final SecurityEventCodec CODEC = new SecurityEventCodec();

    @TempDir
    Path device;
    private AgentFixture fixture;
    private SecurityAgent agent;

    @BeforeEach
    void createDeviceFiles() throws Exception {
        fixture = new AgentFixture(device, ca);
    }

    @AfterEach
    void stopAgent() {
        fixture.close();
    }

    @Test
    void postureUsbAttachAndFailedLoginReachTheSecurityStreamInSequence() throws Exception {
        fixture.plugUsb("1-1", "8087", "0024", "Intel Corp.", "Integrated Rate Matching Hub");
        Files.writeString(fixture.authLog(), "Dec  1 09:00:00 gw sshd[1]: Accepted publickey for ops from "
                + "192.0.2.10 port 50000 ssh2\n");
        startAgent("gw-1");

        List<SecurityEvent> first = securityEvents("gw-1", 1);
        PostureSnapshot posture = (PostureSnapshot) first.get(0).detail();
        assertThat(first.get(0).type()).isEqualTo(SecurityEventType.POSTURE);
        assertThat(posture.firmwareVersion()).isEqualTo("2.1.0");
        assertThat(posture.kernel()).isEqualTo("6.1.0-27-amd64");
        assertThat(posture.usbDevices()).extracting(PostureSnapshot.UsbDevice::port).containsExactly("1-1");

        fixture.plugUsb("1-2", "0781", "5567", "SanDisk", "Cruzer Blade");
        Files.writeString(fixture.authLog(), "Dec  1 10:16:06 gw sshd[2240]: Failed password for invalid "
                + "user admin from 203.0.113.9 port 40022 ssh2\n", StandardOpenOption.APPEND);

        List<SecurityEvent> events = securityEvents("gw-1", 4); // posture, attach, login, and the changed posture
        SecurityEvent attach = events.stream().filter(event -> event.type() == SecurityEventType.PHYSICAL_ACCESS)
                .findFirst().orElseThrow();
        assertThat(attach.detail()).isEqualTo(new PhysicalAccess(PhysicalAccess.Action.ATTACHED, "usb", "1-2", "0781",
                "5567", "SanDisk", "Cruzer Blade"));
        SecurityEvent login = events.stream().filter(event -> event.type() == SecurityEventType.LOGIN)
                .findFirst().orElseThrow();
        assertThat(login.detail()).isEqualTo(new LoginAttempt(LoginAttempt.Outcome.FAILURE, "admin", "sshd",
                "203.0.113.9"));
        assertThat(events).extracting(SecurityEvent::sequence).containsExactly(1L, 2L, 3L, 4L);
        assertThat(events).extracting(SecurityEvent::bootId).containsOnly(agent.bootId());
        assertThat(events).filteredOn(event -> event.type() == SecurityEventType.POSTURE).hasSize(2);
        assertThat(readTelemetry()).isEmpty();
    }

    @Test
    void eachEventIsTaggedForTheSecurityStreamWithItsBootIdAndSequenceAsMessageId() throws Exception {
        startAgent("gw-2");

        JsonNode message = securityMessages("gw-2", 1).get(0);

        assertThat(message.path("deviceId").asText()).isEqualTo("gw-2");
        assertThat(message.path("properties").path("bulwark-stream").asText()).isEqualTo("security");
        assertThat(message.path("properties").path("$.mid").asText()).isEqualTo(agent.bootId() + ":1");
        assertThat(message.path("properties").path("$.ct").asText()).isEqualTo("application/json");
    }

    @Test
    void thePostureIsSummarisedInTheTwinsReportedProperties() throws Exception {
        startAgent("gw-3");

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode summary = JSON.readTree(api.get("/twins/gw-3").body())
                    .at("/properties/reported/bulwarkAgent");
            assertThat(summary.path("deviceClass").asText()).isEqualTo("gateway");
            assertThat(summary.path("bootId").asText()).isEqualTo(agent.bootId());
            assertThat(summary.at("/posture/firmware").asText()).isEqualTo("2.1.0");
            assertThat(summary.at("/posture/usbDevices").asInt()).isZero();
            assertThat(summary.at("/posture/openPorts").asInt()).isZero();
            assertThat(summary.at("/posture/kernel").asText()).isEqualTo("6.1.0-27-amd64");
        });
    }

    @Test
    void aRestartedAgentGoesOnWithTheNextSequenceNumber() throws Exception {
        startAgent("gw-4");
        securityEvents("gw-4", 1);
        agent.reportTamper("cover-open", "switch 1").get(30, TimeUnit.SECONDS);
        String bootId = agent.bootId();
        fixture.close();

        agent = fixture.connect(sdkClient("gw-4", deviceKey).build(), fixture.config(Map.of()));
        agent.reportTamper("cover-open", "switch 1 again").get(30, TimeUnit.SECONDS);

        List<SecurityEvent> events = securityEvents("gw-4", 3);
        assertThat(events).extracting(SecurityEvent::sequence).containsExactly(1L, 2L, 3L);
        assertThat(events).extracting(SecurityEvent::bootId).containsOnly(bootId);
        assertThat(events.get(2).detail()).isEqualTo(new Tamper("cover-open", "switch 1 again"));
    }

    @Test
    void runsAsAModuleBesideTheDevicesOwnApplication() throws Exception {
        byte[] appKey = createDevice("gw-5");
        JsonNode module = JSON.readTree(api.put("/devices/gw-5/modules/bulwark-agent", "{}").body());
        String moduleKey = module.at("/authentication/symmetricKey/primaryKey").asText();
        DeviceClient moduleClient = DeviceClient.builder().connectionString("HostName=127.0.0.1;DeviceId=gw-5;"
                + "ModuleId=bulwark-agent;SharedAccessKey=" + moduleKey).port(hub.mqttPort()).hubCa(ca).build();
        try (DeviceClient application = sdkClient("gw-5", appKey).build()) {
            application.open().get(30, TimeUnit.SECONDS);
            agent = fixture.start(moduleClient, fixture.config(Map.of()));
            agent.reportTamper("cover-open", null).get(30, TimeUnit.SECONDS);
            application.sendTelemetry(io.bulwark.device.client.DeviceMessage.ofJson("{\"temperature\":21.5}"))
                    .get(30, TimeUnit.SECONDS);

            List<JsonNode> security = securityMessages("gw-5", 2);
            assertThat(security).allSatisfy(message ->
                    assertThat(message.path("moduleId").asText()).isEqualTo("bulwark-agent"));
            assertThat(readTelemetry()).singleElement().satisfies(message ->
                    assertThat(message.path("moduleId").isNull()).isTrue());
            assertThat(application.state()).isEqualTo(io.bulwark.device.client.ConnectionState.CONNECTED);
        }
    }

    private byte[] deviceKey;

    private void startAgent(String deviceId) throws Exception {
        deviceKey = createDevice(deviceId);
        agent = fixture.start(sdkClient(deviceId, deviceKey).build(), fixture.config(Map.of()));
    }

    private List<JsonNode> securityMessages(String deviceId, int atLeast) {
        List<JsonNode> messages = new ArrayList<>();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            messages.clear();
            JSON.readTree(api.get("/streams/security/messages?deviceId=" + deviceId).body()).forEach(messages::add);
            return messages.size() >= atLeast;
        });
        return messages;
    }

    private List<SecurityEvent> securityEvents(String deviceId, int atLeast) {
        return securityMessages(deviceId, atLeast).stream()
                .map(message -> CODEC.decode(Base64.getDecoder().decode(message.path("body").asText())))
                .toList();
    }
}
