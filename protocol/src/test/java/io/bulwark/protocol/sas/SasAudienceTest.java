package io.bulwark.protocol.sas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class SasAudienceTest {

    @Test
    void comparesDevicesByWholePathSegment() { // S-AUTH-4: another device's sr
        SasAudience d1 = SasAudience.parse("hub.example.com/devices/d1");
        assertThat(d1.covers("d1", null)).isTrue();
        assertThat(d1.covers("d1", "m1")).as("a device token covers its modules").isTrue();
        assertThat(d1.covers("d10", null)).isFalse();
        assertThat(d1.covers("d", null)).isFalse();
    }

    @Test
    void readsEncodedAndRawFormsAlike() {
        SasAudience raw = SasAudience.parse("hub.example.com/devices/d1/modules/m1");
        SasAudience encoded = SasAudience.parse("hub.example.com%2Fdevices%2Fd1%2Fmodules%2Fm1");
        assertThat(encoded).isEqualTo(raw);
        assertThat(raw.deviceId()).contains("d1");
        assertThat(raw.moduleId()).contains("m1");
        assertThat(raw.covers("d1", "m2")).isFalse();
    }

    @Test
    void matchesTheHostCaseInsensitively() {
        SasAudience audience = SasAudience.parse("Hub.Example.COM/");
        assertThat(audience.isHubWide()).isTrue();
        assertThat(audience.hostMatches("hub.example.com")).isTrue();
        assertThat(audience.hostMatches("hub.example.org")).isFalse();
        assertThat(audience.covers("any", null)).isTrue();
    }

    @Test
    void otherPathsNameNoDevice() {
        assertThat(SasAudience.parse("hub.example.com/devices").deviceId()).isEmpty();
        assertThat(SasAudience.parse("hub.example.com/twins/d1").deviceId()).isEmpty();
        assertThat(SasAudience.parse("hub.example.com/twins/d1").covers("d1", null)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/devices/d1", "hub.example.com/devices/../d2", "hub.example.com//d1",
            "hub.example.com/devices/d1%00", "hub.example.com/devices/%G1", "hub.example.com/./devices"})
    void refusesMalformedAudiences(String sr) {
        assertThatThrownBy(() -> SasAudience.parse(sr)).isInstanceOf(SasTokenFormatException.class);
    }
}
