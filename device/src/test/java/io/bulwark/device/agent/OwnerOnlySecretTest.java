package io.bulwark.device.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OwnerOnlySecretTest {
    private static final String CONNECTION = "HostName=hub.example.com;DeviceId=gw-1;SharedAccessKey=c2VjcmV0LWtleQ==";

    @TempDir
    Path temp;

    @Test
    void readsTheFirstLineOfAnOwnerOnlyFile() throws Exception {
        Path file = secret("rw-------");

        assertThat(OwnerOnlySecret.read(file)).isEqualTo(CONNECTION);
    }

    @Test
    void refusesAFileOthersCanReadWithoutShowingItsContent() throws Exception {
        // S-DATA-4: the refusal names the file and the fix, never the key
        Path file = secret("rw-r--r--");

        assertThatThrownBy(() -> OwnerOnlySecret.read(file)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("chmod 600").hasMessageNotContaining("c2VjcmV0LWtleQ")
                .hasMessageNotContaining("SharedAccessKey");
    }

    private Path secret(String permissions) throws Exception {
        Path file = temp.resolve("device.connection");
        Files.writeString(file, CONNECTION + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(permissions));
        return file;
    }
}
