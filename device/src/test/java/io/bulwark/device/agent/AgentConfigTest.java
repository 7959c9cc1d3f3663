package io.bulwark.device.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentConfigTest {
    @TempDir
    Path temp;

    @Test
    void readsPathsRelativeToTheConfigFileAndDurationsInShortForm() throws Exception {
        Path file = temp.resolve("agent.properties");
        Files.writeString(file, """
                connection-string-file = device.connection
                hub-ca = ca.crt.pem
                state-dir = /var/lib/bulwark-agent
                usb.root = fixture/usb
                posture.interval = 5m
                usb.interval = 500ms
                logins.source = journal
                tamper.input = /sys/class/gpio/gpio17/value
                """);

        AgentConfig config = AgentConfig.load(file);

        assertThat(config.connectionStringFile()).isEqualTo(temp.resolve("device.connection"));
        assertThat(config.hubCa()).isEqualTo(temp.resolve("ca.crt.pem"));
        assertThat(config.stateDirectory()).isEqualTo(Path.of("/var/lib/bulwark-agent"));
        assertThat(config.posture().usbDevices()).isEqualTo(temp.resolve("fixture/usb"));
        assertThat(config.posture().procRoot()).isEqualTo(Path.of("/proc"));
        assertThat(config.schedule().posture()).isEqualTo(Duration.ofMinutes(5));
        assertThat(config.schedule().usb()).isEqualTo(Duration.ofMillis(500));
        assertThat(config.loginSource()).isEqualTo(AgentConfig.LoginSource.JOURNAL);
        assertThat(config.tamperInput()).isEqualTo(Path.of("/sys/class/gpio/gpio17/value"));
        assertThat(config.tamperValue()).isEqualTo("1");
    }

    @Test
    void refusesAMisspelledSettingRatherThanIgnoringIt() throws Exception {
        Path file = temp.resolve("agent.properties");
        Files.writeString(file, "connection-string-file=x\nstate-dir=s\ntamper.inptu=/sys/class/gpio/gpio17/value\n");

        assertThatThrownBy(() -> AgentConfig.load(file)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown setting 'tamper.inptu'");
    }

    @Test
    void refusesIntervalsThatWouldSpinTheCpu() throws Exception {
        Path file = temp.resolve("agent.properties");
        Files.writeString(file, "connection-string-file=x\nstate-dir=s\nusb.interval=1ms\n");

        assertThatThrownBy(() -> AgentConfig.load(file)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 50 ms");
    }
}
