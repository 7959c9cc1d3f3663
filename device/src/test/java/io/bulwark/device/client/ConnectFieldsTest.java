package io.bulwark.device.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bulwark.protocol.mqtt.MqttClientId;
import io.bulwark.protocol.mqtt.MqttUserName;
import io.bulwark.protocol.sas.SasSignature;
import io.bulwark.protocol.sas.SasToken;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ConnectFieldsTest {

    private static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    @Test
    void writesWhatTheHubParsesAndSignsAFreshTokenForEveryAttempt() throws Exception {
        ConnectFields fields = new ConnectFields("hub.example.com",
                new SymmetricKeyCredentials("hub.example.com", "d1", "m1", KEY), Duration.ofMinutes(10),
                Duration.ofSeconds(60));
        HubConnection.Connect connect = fields.next();
        assertThat(MqttClientId.parse(connect.clientId())).isEqualTo(new MqttClientId("d1", "m1"));
        assertThat(MqttUserName.parse(connect.userName()))
                .isEqualTo(new MqttUserName("hub.example.com", "d1", "m1", ConnectFields.API_VERSION));
        SasToken token = SasToken.parse(new String(connect.password(), StandardCharsets.UTF_8));
        assertThat(token.resource()).isEqualTo("hub.example.com/devices/d1/modules/m1");
        assertThat(token.keyName()).isNull();
        assertThat(SasSignature.matches(SasSignature.compute(token.resource(), token.expiry(), KEY),
                token.signature())).isTrue();
        assertThat(token.expiresAt()).isBetween(Instant.now().plusSeconds(590), Instant.now().plusSeconds(601));
        assertThat(fields.tokenExpiry()).isEqualTo(token.expiresAt());
    }

    @Test
    void sendsNoPasswordForX509AndRefusesAnExpiredFixedToken() {
        SasToken expired = SasToken.create("hub.example.com/devices/d1", KEY, Instant.now().minusSeconds(5), null);
        ConnectFields fixed = new ConnectFields("hub.example.com",
                new SasTokenCredentials("hub.example.com", "d1", null, expired), Duration.ofHours(1),
                Duration.ofSeconds(60));
        assertThatThrownBy(fixed::next).isInstanceOf(DeviceClientException.class)
                .hasMessageNotContaining(expired.signature());
    }
}
