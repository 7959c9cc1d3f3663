package io.bulwark.device.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.bulwark.protocol.security.LoginAttempt;
import io.bulwark.protocol.security.PhysicalAccess;
import io.bulwark.protocol.security.SecurityEvent;
import io.bulwark.protocol.security.SecurityEventType;
import io.bulwark.protocol.security.Tamper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent assembled from a configuration as {@code agent.properties} would give it, against an in-memory uplink. */
class SecurityAgentTest {
    @TempDir
    Path temp;
    RecordingUplink uplink = new RecordingUplink();
    SecurityAgent agent;

    @AfterEach
    void stop() {
        if (agent != null) {
            agent.close();
        }
    }

    AgentConfig config() throws Exception {
        Files.writeString(temp.resolve("device.connection"), "unused by this test");
        Files.writeString(temp.resolve("auth.log"), "Dec  1 09:00:00 edge-7 sshd[1]: Failed password for old from 192.0.2.1 port 1 ssh2\n");
        Files.writeString(temp.resolve("gpio17"), "0\n");
        Properties p = new Properties();
        p.setProperty("connection-string-file", "device.connection");
        p.setProperty("device-class", "gateway");
        p.setProperty("firmware-version", "2.1.0");
        p.setProperty("state-dir", "state");
        p.setProperty("usb.root", "usb");
        p.setProperty("logins.auth-log", "auth.log");
        p.setProperty("tamper.input", "gpio17");
        p.setProperty("posture.tools", "false");
        // A fixed /proc: the real socket tables change whenever another process opens a port, and each change is
        // one more posture snapshot.
        Files.createDirectories(temp.resolve("proc/sys/kernel"));
        Files.writeString(temp.resolve("proc/sys/kernel/osrelease"), "6.1.0-27-amd64\n");
        p.setProperty("proc.root", "proc");
        p.setProperty("posture.interval", "200ms");
        p.setProperty("usb.interval", "100ms");
        p.setProperty("logins.interval", "100ms");
        p.setProperty("tamper.interval", "100ms");
        return AgentConfig.from(p, temp);
    }

    @Test
    void reportsPostureUsbLoginAndTamperEventsInOneNumberedSeries() throws Exception {
        UsbTree usb = new UsbTree(temp.resolve("usb"));
        agent = AgentAssembly.build(config(), uplink, Clock.systemUTC());
        agent.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> uplink.ofType(SecurityEventType.POSTURE).size() == 1);
        assertThat(uplink.events.get(0).sequence()).isEqualTo(1);

        usb.attach("1-1", "0781", "5567", "SanDisk", "Cruzer Blade");
        await().atMost(Duration.ofSeconds(30)).until(() -> !uplink.ofType(SecurityEventType.PHYSICAL_ACCESS).isEmpty());
        Files.writeString(temp.resolve("auth.log"), "Dec  1 10:16:06 edge-7 sshd[2240]: Failed password for invalid "
                + "user admin from 203.0.113.9 port 40022 ssh2\n", StandardOpenOption.APPEND);
        await().atMost(Duration.ofSeconds(30)).until(() -> !uplink.ofType(SecurityEventType.LOGIN).isEmpty());
        Files.writeString(temp.resolve("gpio17"), "1\n");
        await().atMost(Duration.ofSeconds(30)).until(() -> !uplink.ofType(SecurityEventType.TAMPER).isEmpty());
        agent.reportTamper("debug-port-enabled", "JTAG fuse read back open").get();

        PhysicalAccess attached = (PhysicalAccess) uplink.ofType(SecurityEventType.PHYSICAL_ACCESS).get(0).detail();
        assertThat(attached.port()).isEqualTo("1-1");
        assertThat(attached.vendorId()).isEqualTo("0781");
        LoginAttempt login = (LoginAttempt) uplink.ofType(SecurityEventType.LOGIN).get(0).detail();
        assertThat(login.user()).isEqualTo("admin");
        assertThat(uplink.ofType(SecurityEventType.LOGIN)).hasSize(1); // the line written before start is history
        assertThat(uplink.ofType(SecurityEventType.TAMPER)).extracting(event -> ((Tamper) event.detail()).kind())
                .containsExactly("cover-open", "debug-port-enabled");
        assertThat(uplink.events).extracting(SecurityEvent::sequence).isSorted().doesNotHaveDuplicates();
        assertThat(uplink.events).extracting(SecurityEvent::bootId).containsOnly(agent.bootId());
        // the USB device also changed the posture, so a second snapshot followed the attach
        await().atMost(Duration.ofSeconds(30)).until(() -> uplink.ofType(SecurityEventType.POSTURE).size() == 2);
    }

    @Test
    void aRestartedAgentContinuesTheSequenceUnderTheSameBootId() throws Exception {
        agent = AgentAssembly.build(config(), uplink, Clock.systemUTC());
        SecurityEvent first = agent.reportTamper("cover-open", null).get();
        agent.close();

        agent = AgentAssembly.build(config(), uplink, Clock.systemUTC());
        SecurityEvent second = agent.reportTamper("cover-open", null).get();

        assertThat(second.bootId()).isEqualTo(first.bootId());
        assertThat(second.sequence()).isEqualTo(first.sequence() + 1);
    }

    @Test
    void keepsItsStateInAnOwnerOnlyFolder() throws Exception {
        agent = AgentAssembly.build(config(), uplink, Clock.systemUTC());

        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(temp.resolve("state")))).isEqualTo("rwx------");
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(temp.resolve("state/sequence.properties")))).isEqualTo("rw-------");
    }
}
