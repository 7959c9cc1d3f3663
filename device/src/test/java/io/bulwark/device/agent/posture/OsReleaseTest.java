package io.bulwark.device.agent.posture;

import static org.assertj.core.api.Assertions.assertThat;

import io.bulwark.protocol.security.PostureSnapshot.OperatingSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class OsReleaseTest {
    private final OsRelease osRelease = new OsRelease();

    @Test
    void readsDebianIdNameAndVersion() {
        assertThat(osRelease.parse(Fixtures.text("etc/os-release-debian12")))
                .isEqualTo(new OperatingSystem("debian", "Debian GNU/Linux", "12"));
    }

    @Test
    void readsUbuntuWithItsPointRelease() {
        assertThat(osRelease.parse(Fixtures.text("etc/os-release-ubuntu2204")))
                .isEqualTo(new OperatingSystem("ubuntu", "Ubuntu", "22.04"));
    }

    @Test
    void unquotesSingleAndDoubleQuotesAndEscapesAndSkipsComments() {
        assertThat(osRelease.parse(Fixtures.text("etc/os-release-escapes")))
                .isEqualTo(new OperatingSystem("buildroot", "Buildroot", "2024.02 \"lts\""));
    }

    @Test
    void missingKeysAreNullNotGuesses() {
        assertThat(osRelease.parse("PRETTY_NAME=\"Something\"\n")).isEqualTo(new OperatingSystem(null, null, null));
    }

    @Test
    void parsesThisMachinesOsRelease() throws Exception {
        Path live = Files.exists(Path.of("/etc/os-release")) ? Path.of("/etc/os-release") : Path.of("/usr/lib/os-release");
        OperatingSystem os = osRelease.parse(Files.readString(live));
        assertThat(os.id()).isNotBlank().matches("[a-z0-9._-]+");
    }
}
