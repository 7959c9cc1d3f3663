package io.bulwark.device.agent;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the runnable agent builds its device client: safe by default, never with a secret in an error. */
class AgentMainTest {
    private static final String KEY = "c2VjcmV0LWtleS1mb3ItdGVzdHM=";

    @TempDir
    Path temp;

    private AgentConfig config(boolean withCa, String permissions) throws Exception {
        Path connection = temp.resolve("device.connection");
        Files.writeString(connection, "HostName=hub.example.com;DeviceId=gw-1;SharedAccessKey=" + KEY + "\n");
        Files.setPosixFilePermissions(connection, PosixFilePermissions.fromString(permissions));
        Properties p = new Properties();
        p.setProperty("connection-string-file", "device.connection");
        p.setProperty("state-dir", "state");
        if (withCa) {
            p.setProperty("hub-ca", "ca.crt.pem");
        }
        return AgentConfig.from(p, temp);
    }

    @Test
    void refusesToConnectWithoutAPinnedHubCa() throws Exception {
        // S-TLS-2: no silent fallback to the system's public roots
        AgentConfig config = config(false, "rw-------");

        assertThatThrownBy(() -> AgentMain.client(config)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("hub-ca is required: the agent trusts only the hub's own CA");
    }

    @Test
    void refusesAConnectionStringFileOthersCanRead() throws Exception {
        AgentConfig config = config(true, "rw-rw-r--");

        assertThatThrownBy(() -> AgentMain.client(config)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("chmod 600").hasMessageNotContaining(KEY);
    }
}
