package io.bulwark.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.azure.sdk.iot.device.ClientOptions;
import com.microsoft.azure.sdk.iot.device.DeviceClient;
import com.microsoft.azure.sdk.iot.device.IotHubClientProtocol;
import com.microsoft.azure.sdk.iot.device.Message;
import io.bulwark.hub.Hub;
import io.bulwark.hub.HubConfig;
import io.bulwark.hub.HubLimits;
import io.bulwark.hub.ServiceClient;
import io.bulwark.hub.tls.TrustedHubCa;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * S-AUTH-4 with a real client: with a 10-second token and no clock skew allowed, the hub closes each connection when
 * its token expires, and the unmodified Azure SDK renews by reconnecting with a fresh token. Nothing it sent is lost.
 */
class AzureSdkTokenRenewalTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HubLimits NO_SKEW = HubLimits.DEFAULTS.withSasClockSkew(Duration.ZERO);

    @TempDir
    Path data;

    @Test
    void sdkRenewsItsTokenAndLosesNothing() throws Exception {
        try (Hub hub = Hub.start(new HubConfig(data, List.of(), "127.0.0.1", 0, HubConfig.DEFAULT_MQTT_PORT,
                NO_SKEW, Map.of()))) {
            ServiceClient api = ServiceClient.forPolicy(hub.dataFolder(), hub.httpsPort(), "iothubowner");
            JsonNode device = JSON.readTree(api.put("/devices/renewer", "{}").body());
            DeviceClient client = new DeviceClient("HostName=127.0.0.1;DeviceId=renewer;SharedAccessKey="
                    + device.at("/authentication/symmetricKey/primaryKey").asText(), IotHubClientProtocol.MQTT,
                    ClientOptions.builder().sslContext(TrustedHubCa.clientContext(hub.dataFolder().caCertificate()))
                            .sasTokenExpiryTime(10).build());
            Set<String> connectedSince = ConcurrentHashMap.newKeySet();
            client.open(true);
            try {
                Instant end = Instant.now().plusSeconds(25);
                int sent = 0;
                while (Instant.now().isBefore(end)) {
                    Message message = new Message(("tick " + sent).getBytes(StandardCharsets.UTF_8));
                    message.setMessageId("tick-" + sent);
                    client.sendEvent(message);
                    sent++;
                    connectedSince.add(connectionStart(hub));
                    Thread.sleep(200);
                }
                JsonNode stored = JSON.readTree(api.get("/streams/telemetry/messages?limit=1000").body());
                Set<String> ids = ConcurrentHashMap.newKeySet();
                stored.forEach(m -> ids.add(m.at("/properties/$.mid").asText()));
                for (int i = 0; i < sent; i++) {
                    assertThat(ids).contains("tick-" + i);
                }
            } finally {
                client.close();
            }
            assertThat(connectedSince).as("the SDK reconnected with fresh tokens").hasSizeGreaterThanOrEqualTo(2);
        }
    }

    private static String connectionStart(Hub hub) {
        return hub.presence(io.bulwark.hub.registry.IdentityId.device("renewer"))
                .map(p -> p.connectedSince().toString()).orElse("");
    }
}
