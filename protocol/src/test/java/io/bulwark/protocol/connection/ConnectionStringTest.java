package io.bulwark.protocol.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConnectionStringTest {

    private static final String KEY = "c2VjcmV0LWZvci10ZXN0cy1vbmx5LW5vdC1yZWFsIQ==";

    @Test
    void parsesCaseInsensitiveKeysAndValuesEndingInEquals() {
        DeviceConnectionString parsed = DeviceConnectionString.parse(
                " hostname=hub.example.com ; DEVICEID=d1;sharedaccesskey=" + KEY + ";");
        assertThat(parsed.hostName()).isEqualTo("hub.example.com");
        assertThat(parsed.deviceId()).isEqualTo("d1");
        assertThat(parsed.sharedAccessKey()).isEqualTo(KEY);
        assertThat(parsed.format()).isEqualTo("HostName=hub.example.com;DeviceId=d1;SharedAccessKey=" + KEY);
    }

    @Test
    void roundTripsModulesGatewaysAndX509() {
        DeviceConnectionString module = DeviceConnectionString.withKey("hub.example.com", "d1", "m1", KEY);
        assertThat(DeviceConnectionString.parse(module.format())).isEqualTo(module);
        DeviceConnectionString x509 = DeviceConnectionString.parse(
                "HostName=hub.example.com;DeviceId=d1;x509=true;GatewayHostName=gw.local");
        assertThat(x509.x509()).isTrue();
        assertThat(x509.gatewayHostName()).isEqualTo("gw.local");
        assertThat(DeviceConnectionString.parse(x509.format())).isEqualTo(x509);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "",
            "HostName=hub.example.com;DeviceId=d1",
            "HostName=localhost;DeviceId=d1;SharedAccessKey=" + KEY,
            "HostName=hub.example.com;DeviceId=a/b;SharedAccessKey=" + KEY,
            "HostName=hub.example.com;DeviceId=d1;DeviceId=d2;SharedAccessKey=" + KEY,
            "HostName=hub.example.com;DeviceId=d1;SharedAccessKey=" + KEY + ";x509=true",
            "HostName=hub.example.com;DeviceId=d1;x509=maybe",
            "HostName=hub.example.com;DeviceId=d1;Unknown=1;SharedAccessKey=" + KEY,
            "HostName=hub.example.com;DeviceId;SharedAccessKey=" + KEY,
    })
    void refusesBrokenDeviceConnectionStrings(String text) {
        assertThatThrownBy(() -> DeviceConnectionString.parse(text))
                .isInstanceOf(ConnectionStringFormatException.class)
                .message().doesNotContain(KEY);
    }

    @Test
    void parsesAndFormatsServiceConnectionStrings() {
        String text = "HostName=hub.example.com;SharedAccessKeyName=iothubowner;SharedAccessKey=" + KEY;
        ServiceConnectionString parsed = ServiceConnectionString.parse(text);
        assertThat(parsed.sharedAccessKeyName()).isEqualTo("iothubowner");
        assertThat(parsed.format()).isEqualTo(text);
        assertThatThrownBy(() -> ServiceConnectionString.parse("HostName=hub.example.com;SharedAccessKey=" + KEY))
                .isInstanceOf(ConnectionStringFormatException.class);
        assertThatThrownBy(() -> ServiceConnectionString.parse(
                "HostName=hub.example.com;SharedAccessKeyName=x;SharedAccessKey=not*base64"))
                .isInstanceOf(ConnectionStringFormatException.class);
    }

    @Test
    void neverShowsSecretsInToString() {
        assertThat(DeviceConnectionString.withKey("hub.example.com", "d1", null, KEY).toString()).doesNotContain(KEY);
        assertThat(new ServiceConnectionString("hub.example.com", "p", KEY).toString()).doesNotContain(KEY);
    }
}
