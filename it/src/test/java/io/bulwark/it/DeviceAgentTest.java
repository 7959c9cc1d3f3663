package io.bulwark.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.bulwark.device.agent.AgentAssembly;
import io.bulwark.device.agent.AgentConfig;
import io.bulwark.device.agent.DeviceClientUplink;
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
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
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
    private DeviceClient client;
    private SecurityAgent agent;

    @AfterEach
    void stopAgent() {
        if (agent != null) {
            agent.close();
        }
        if (client != null) {
            client.close();
        }
    }

    @Test
    void postureUsbAttachAndFailedLoginReachTheSecurityStreamInSequence() throws Exception {
        Path usb = Files.createDirectories(device.resolve("usb"));
        usbDevice(usb, "1-1", "8087", "0024", "Intel Corp.", "Integrated Rate Matching Hub");
        Files.writeString(device.resolve("auth.log"), "Dec  1 09:00:00 gw sshd[1]: Accepted publickey for ops from "
                + "192.0.2.10 port 50000 ssh2\n");
        startAgent("gw-1");

        List<SecurityEvent> first = securityEvents("gw-1", 1);
        PostureSnapshot posture = (PostureSnapshot) first.get(0).detail();
        assertThat(first.get(0).type()).isEqualTo(SecurityEventType.POSTURE);
        assertThat(posture.firmwareVersion()).isEqualTo("2.1.0");
        assertThat(posture.kernel()).isEqualTo("6.1.0-27-amd64");
        assertThat(posture.usbDevices()).extracting(PostureSnapshot.UsbDevice::port).containsExactly("1-1");

        usbDevice(usb, "1-2", "0781", "5567", "SanDisk", "Cruzer Blade");
        Files.writeString(device.resolve("auth.log"), "Dec  1 10:16:06 gw sshd[2240]: Failed password for invalid "
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
        Files.createDirectories(device.resolve("usb"));
        Files.writeString(device.resolve("auth.log"), "");
        startAgent("gw-2");

        JsonNode message = securityMessages("gw-2", 1).get(0);

        assertThat(message.path("deviceId").asText()).isEqualTo("gw-2");
        assertThat(message.path("properties").path("bulwark-stream").asText()).isEqualTo("security");
        assertThat(message.path("properties").path("$.mid").asText()).isEqualTo(agent.bootId() + ":1");
        assertThat(message.path("properties").path("$.ct").asText()).isEqualTo("application/json");
    }

    @Test
    void thePostureIsSummarisedInTheTwinsReportedProperties() throws Exception {
        Files.createDirectories(device.resolve("usb"));
        Files.writeString(device.resolve("auth.log"), "");
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
        Files.createDirectories(device.resolve("usb"));
        Files.writeString(device.resolve("auth.log"), "");
        startAgent("gw-4");
        securityEvents("gw-4", 1);
        agent.reportTamper("cover-open", "switch 1").get(30, TimeUnit.SECONDS);
        String bootId = agent.bootId();
        agent.close();
        client.close();

        client = sdkClient("gw-4", deviceKey).build();
        agent = AgentAssembly.build(config(), new DeviceClientUplink(client), Clock.systemUTC());
        client.open().get(30, TimeUnit.SECONDS);
        agent.reportTamper("cover-open", "switch 1 again").get(30, TimeUnit.SECONDS);

        List<SecurityEvent> events = securityEvents("gw-4", 3);
        assertThat(events).extracting(SecurityEvent::sequence).containsExactly(1L, 2L, 3L);
        assertThat(events).extracting(SecurityEvent::bootId).containsOnly(bootId);
        assertThat(events.get(2).detail()).isEqualTo(new Tamper("cover-open", "switch 1 again"));
    }

    @Test
    void runsAsAModuleBesideTheDevicesOwnApplication() throws Exception {
        Files.createDirectories(device.resolve("usb"));
        Files.writeString(device.resolve("auth.log"), "");
        byte[] appKey = createDevice("gw-5");
        JsonNode module = JSON.readTree(api.put("/devices/gw-5/modules/bulwark-agent", "{}").body());
        String moduleKey = module.at("/authentication/symmetricKey/primaryKey").asText();
        client = DeviceClient.builder().connectionString("HostName=127.0.0.1;DeviceId=gw-5;ModuleId=bulwark-agent;"
                + "SharedAccessKey=" + moduleKey).port(hub.mqttPort()).hubCa(ca).build();
        try (DeviceClient application = sdkClient("gw-5", appKey).build()) {
            application.open().get(30, TimeUnit.SECONDS);
            agent = AgentAssembly.build(config(), new DeviceClientUplink(client), Clock.systemUTC());
            client.open().get(30, TimeUnit.SECONDS);
            agent.start();
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
        client = sdkClient(deviceId, deviceKey).build();
        agent = AgentAssembly.build(config(), new DeviceClientUplink(client), Clock.systemUTC());
        client.open().get(30, TimeUnit.SECONDS);
        agent.start();
    }

    private AgentConfig config() throws Exception {
        Path connection = device.resolve("device.connection");
        if (!Files.exists(connection)) {
            Files.writeString(connection, "not read: the test builds the client itself");
        }
        // A fixed /proc: the real socket tables change whenever some hub on this machine opens a port, and each
        // change would be one more posture snapshot in the stream.
        Path kernel = Files.createDirectories(device.resolve("proc/sys/kernel"));
        Files.writeString(kernel.resolve("osrelease"), "6.1.0-27-amd64\n");
        Properties p = new Properties();
        p.setProperty("proc.root", "proc");
        p.setProperty("connection-string-file", "device.connection");
        p.setProperty("hub-ca", ca.toString());
        p.setProperty("device-class", "gateway");
        p.setProperty("firmware-version", "2.1.0");
        p.setProperty("state-dir", "state");
        p.setProperty("usb.root", "usb");
        p.setProperty("usb.interval", "100ms");
        p.setProperty("logins.auth-log", "auth.log");
        p.setProperty("logins.interval", "100ms");
        // nft/iptables/apt-get would make the test slower and add nothing the unit tests do not cover
        p.setProperty("posture.tools", "false");
        p.setProperty("posture.interval", "300ms");
        return AgentConfig.from(p, device);
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

    private static void usbDevice(Path tree, String port, String vendor, String product, String manufacturer,
                                  String name) throws Exception {
        Path directory = Files.createDirectories(tree.resolve(port));
        Files.writeString(directory.resolve("idVendor"), vendor + "\n");
        Files.writeString(directory.resolve("idProduct"), product + "\n");
        Files.writeString(directory.resolve("manufacturer"), manufacturer + "\n");
        Files.writeString(directory.resolve("product"), name + "\n");
        Files.writeString(directory.resolve("devnum"), "7\n");
        Files.createDirectories(tree.resolve(port + ":1.0"));
    }
}
