package io.bulwark.protocol.sas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.microsoft.azure.sdk.iot.device.IotHubConnectionString;
import com.microsoft.azure.sdk.iot.device.auth.IotHubSasToken;
import io.bulwark.protocol.connection.ConnectionStringFormatException;
import io.bulwark.protocol.connection.DeviceConnectionString;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/**
 * Our SAS and connection-string code against the real Azure IoT device SDK for Java: tokens the SDK makes must verify
 * with our verifier, and the two must agree on which connection strings are valid.
 */
class AzureSdkCrossCheckTest {

    private static final String KEY = Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes());
    private final SasTokenVerifier verifier = new SasTokenVerifier(Clock.systemUTC(), Duration.ofMinutes(5));

    @Test
    void tokensMadeByTheAzureSdkVerify() {
        long expiry = Instant.now().plusSeconds(3600).getEpochSecond();
        String sdkToken = new IotHubSasToken("hub.example.com", "sensor-1", KEY, null, null, expiry).toString();

        SasToken parsed = SasToken.parse(sdkToken);
        assertThat(parsed.expiry()).isEqualTo(expiry);
        assertThat(parsed.keyName()).isNull();
        assertThat(SasAudience.parse(parsed.resource()).deviceId()).contains("sensor-1");
        assertThat(verifier.verify(parsed, Base64.getDecoder().decode(KEY))).isEqualTo(SasVerdict.VALID);
        assertThat(verifier.verify(parsed, new byte[32])).isEqualTo(SasVerdict.BAD_SIGNATURE);
    }

    @Test
    void moduleTokensMadeByTheAzureSdkVerify() {
        long expiry = Instant.now().plusSeconds(3600).getEpochSecond();
        String sdkToken = new IotHubSasToken("hub.example.com", "edge-1", KEY, null, "filter", expiry).toString();
        SasToken parsed = SasToken.parse(sdkToken);
        SasAudience audience = SasAudience.parse(parsed.resource());
        assertThat(audience.moduleId()).contains("filter");
        assertThat(audience.covers("edge-1", "filter")).isTrue();
        assertThat(audience.covers("edge-1", "other")).isFalse();
        assertThat(verifier.verify(parsed, Base64.getDecoder().decode(KEY))).isEqualTo(SasVerdict.VALID);
    }

    @Test
    void ourSignatureEqualsTheSdksForTheSameInput() {
        long expiry = 1_900_000_000L;
        String sdkToken = new IotHubSasToken("hub.example.com", "sensor-1", KEY, null, null, expiry).toString();
        SasToken sdk = SasToken.parse(sdkToken);
        SasToken ours = SasToken.create(sdk.resource(), Base64.getDecoder().decode(KEY),
                Instant.ofEpochSecond(expiry), null);
        assertThat(ours.signature()).isEqualTo(sdk.signature());
        assertThat(SasToken.parse(ours.format())).isEqualTo(ours);
    }

    @Test
    void connectionStringsTheSdkAcceptsWeAcceptToo() {
        String text = "HostName=hub.example.com;DeviceId=sensor-1;SharedAccessKey=" + KEY;
        IotHubConnectionString sdk = new IotHubConnectionString(text);
        DeviceConnectionString ours = DeviceConnectionString.parse(text);
        assertThat(ours.hostName()).isEqualTo(sdk.getHostName());
        assertThat(ours.deviceId()).isEqualTo(sdk.getDeviceId());
        assertThat(ours.sharedAccessKey()).isEqualTo(sdk.getSharedAccessKey());
        assertThat(new IotHubConnectionString(ours.format()).getDeviceId()).isEqualTo("sensor-1");
    }

    @Test
    void connectionStringsTheSdkRefusesWeRefuseToo() {
        String noDot = "HostName=localhost;DeviceId=sensor-1;SharedAccessKey=" + KEY;
        assertThatThrownBy(() -> new IotHubConnectionString(noDot)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DeviceConnectionString.parse(noDot))
                .isInstanceOf(ConnectionStringFormatException.class);

        String noCredential = "HostName=hub.example.com;DeviceId=sensor-1";
        assertThatThrownBy(() -> new IotHubConnectionString(noCredential))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DeviceConnectionString.parse(noCredential))
                .isInstanceOf(ConnectionStringFormatException.class);
    }
}
