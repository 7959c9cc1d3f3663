package io.bulwark.device.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DeviceClientBuilderTest {

    private static final String KEY = "c2VjcmV0LWtleS1vZi10aGUtZGV2aWNlLTEyMzQ1Njc4";

    @Test
    void refusesToTrustAnythingUnlessTheHubCaIsPinnedOrSystemRootsAreAskedFor() { // S-TLS-2
        DeviceClientBuilder builder = DeviceClient.builder()
                .connectionString("HostName=hub.example.com;DeviceId=d1;SharedAccessKey=" + KEY);
        assertThatThrownBy(builder::build).isInstanceOf(IllegalStateException.class).hasMessageContaining("hubCa");
        try (DeviceClient client = builder.trustSystemRoots().build()) {
            assertThat(client.deviceId()).isEqualTo("d1");
            assertThat(client.state()).isEqualTo(ConnectionState.DISCONNECTED);
            assertThat(client.toString()).doesNotContain(KEY);
        }
    }

    @Test
    void connectionStringErrorsNeverRepeatTheKey() { // S-DATA-4
        assertThatThrownBy(() -> DeviceClient.builder().connectionString("HostName=nodot;DeviceId=d1;SharedAccessKey="
                + KEY)).hasMessageNotContaining(KEY);
        assertThatThrownBy(() -> DeviceClient.builder().connectionString(
                "HostName=hub.example.com;DeviceId=d1;SharedAccessKey=not*base64" + KEY))
                .hasMessageNotContaining(KEY);
    }

    @Test
    void aClosedClientRefusesToOpenAndFailsNewTelemetry() {
        DeviceClient client = DeviceClient.builder()
                .connectionString("HostName=hub.example.com;DeviceId=d1;SharedAccessKey=" + KEY)
                .trustSystemRoots().build();
        client.close();
        assertThat(client.open()).isCompletedExceptionally();
        assertThat(client.sendTelemetry(DeviceMessage.of(new byte[] {1}))).isCompletedExceptionally();
        assertThat(client.state()).isEqualTo(ConnectionState.CLOSED);
    }
}
