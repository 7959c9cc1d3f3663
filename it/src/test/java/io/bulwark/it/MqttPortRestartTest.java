package io.bulwark.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.bulwark.hub.Hub;
import io.bulwark.hub.HubConfig;
import io.bulwark.hub.HubLimits;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A hub restarted on its fixed MQTT port binds at once, although connections it closed itself still linger in
 * TIME_WAIT on that port (SO_REUSEADDR, which the listener sets on every transport).
 */
class MqttPortRestartTest {

    @TempDir
    Path data;

    @Test
    void aRestartedHubBindsItsMqttPortWhileClosedConnectionsLinger() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        HubConfig config = new HubConfig(data, List.of(), "127.0.0.1", 0, port, HubLimits.DEFAULTS, Map.of());
        try (Hub first = Hub.start(config)) {
            for (int i = 0; i < 3; i++) {
                try (RawMqttClient client = RawMqttClient.open(first.dataFolder().caCertificate(), port)) {
                    client.writeRaw(RawMqttClient.bytes(0xC0, 0x00)); // not CONNECT: the hub closes first
                    assertThat(client.isClosedByHub()).isTrue();
                }
            }
        }
        try (Hub second = Hub.start(config)) {
            assertThat(second.mqttPort()).isEqualTo(port);
        }
    }
}
