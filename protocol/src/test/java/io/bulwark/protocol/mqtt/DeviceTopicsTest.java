package io.bulwark.protocol.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DeviceTopicsTest {

    @Test
    void parsesTelemetryTopicsWithAndWithoutABag() {
        assertThat(TelemetryTopic.parse("devices/d1/messages/events/"))
                .isEqualTo(new TelemetryTopic("d1", null, Map.of()));
        assertThat(TelemetryTopic.parse("devices/d1/messages/events"))
                .isEqualTo(new TelemetryTopic("d1", null, Map.of()));
        TelemetryTopic withBag = TelemetryTopic.parse(
                "devices/d1/messages/events/%24.mid=42&%24.ct=application%2Fjson&color=dark+red&empty=");
        assertThat(withBag.properties()).containsEntry("$.mid", "42").containsEntry("$.ct", "application/json")
                .containsEntry("color", "dark red").containsEntry("empty", "");
        TelemetryTopic module = TelemetryTopic.parse("devices/edge%231/modules/filter/messages/events/a=b/");
        assertThat(module.deviceId()).isEqualTo("edge#1");
        assertThat(module.moduleId()).isEqualTo("filter");
        assertThat(module.properties()).containsEntry("a", "b");
    }

    @ParameterizedTest
    @ValueSource(strings = {"devices/d1/messages/devicebound/x", "devices//messages/events/", "devices/a b/messages/events/",
            "devices/d1/messages/events/a=b/c=d", "devices/d1/modules//messages/events/", "$iothub/twin/GET/?$rid=1",
            "devices/d1/messages/events/a=%ZZ", "devices/d1/messages/events/a=1&a=2"})
    void refusesAnythingElse(String topic) {
        assertThatThrownBy(() -> TelemetryTopic.parse(topic)).isInstanceOf(MqttFormatException.class);
    }

    @Test
    void boundsPropertyBags() {
        StringBuilder bag = new StringBuilder();
        for (int i = 0; i <= PropertyBag.MAX_PROPERTIES; i++) {
            bag.append("p").append(i).append("=v&");
        }
        assertThatThrownBy(() -> PropertyBag.parse(bag.toString())).hasMessageContaining("properties");
        assertThatThrownBy(() -> PropertyBag.parse("a=" + "x".repeat(PropertyBag.MAX_LENGTH)))
                .hasMessageContaining("longer");
    }

    @Test
    void formatsBagsTheSdksCanRead() {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("$.to", "/devices/d1/messages/deviceBound");
        properties.put("color", "red & blue");
        properties.put("flag", "");
        String bag = PropertyBag.format(properties);
        assertThat(bag).startsWith("%24.to=%2Fdevices").contains("flag=").contains("red%20%26%20blue")
                .as("'+' is an MQTT wildcard and may not appear in a topic").doesNotContain("+");
        assertThat(PropertyBag.parse(bag)).isEqualTo(properties);
    }

    @Test
    void readsUserNamesAsTheSdksWriteThem() {
        MqttUserName java = MqttUserName.parse(
                "hub.example.com/d1/?api-version=2020-09-30&DeviceClientType=azure-iot-device-java%2F2.5.0");
        assertThat(java).isEqualTo(new MqttUserName("hub.example.com", "d1", null, "2020-09-30"));
        MqttUserName noQuestionMark = MqttUserName.parse("hub.example.com/d1/m1/api-version=2021-04-12");
        assertThat(noQuestionMark.moduleId()).isEqualTo("m1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "hub.example.com/d1", "hub.example.com/d1/?foo=bar", "/d1/?api-version=1",
            "hub.example.com/d#/?api-version=1", "hub.example.com/d+/?api-version=1",
            "hub.example.com/a/b/c/?api-version=1", "hub.example.com/d\u00001/?api-version=1"})
    void refusesBadUserNames(String userName) { // S-AUTH-5
        assertThatThrownBy(() -> MqttUserName.parse(userName)).isInstanceOf(MqttFormatException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a/b/c", "#", "d+", "d\u0000", "d/", "/m", "d/m#"})
    void refusesBadClientIds(String clientId) { // S-AUTH-5 (CVE-2017-7650)
        assertThatThrownBy(() -> MqttClientId.parse(clientId)).isInstanceOf(MqttFormatException.class);
    }

    @Test
    void allowsOnlyTheDevicesOwnSubscriptions() { // S-ACL-1
        assertThat(DeviceSubscriptions.isAllowed("devices/d1/messages/devicebound/#", "d1", null)).isTrue();
        assertThat(DeviceSubscriptions.isAllowed("$iothub/twin/res/#", "d1", null)).isTrue();
        assertThat(DeviceSubscriptions.isAllowed("$iothub/methods/POST/#", "d1", null)).isTrue();
        assertThat(DeviceSubscriptions.isAllowed("devices/d2/messages/devicebound/#", "d1", null)).isFalse();
        assertThat(DeviceSubscriptions.isAllowed("devices/+/messages/devicebound/#", "d1", null)).isFalse();
        assertThat(DeviceSubscriptions.isAllowed("#", "d1", null)).isFalse();
        assertThat(DeviceSubscriptions.isAllowed("$SYS/#", "d1", null)).isFalse();
        assertThat(DeviceSubscriptions.isAllowed("devices/d1/modules/m/messages/devicebound/#", "d1", "m")).isTrue();
        assertThat(DeviceSubscriptions.isAllowed("devices/d1/messages/devicebound/#", "d1", "m")).isFalse();
    }

    @Test
    void aSenderMayPublishTelemetryOnlyOnItsOwnTopic() {
        // S-ACL-1
        assertThat(TelemetryTopic.parseOwn("devices/d1/messages/events/a=1", "d1", null).properties())
                .containsEntry("a", "1");
        assertThat(TelemetryTopic.parseOwn("devices/d1/modules/m/messages/events/", "d1", "m").moduleId())
                .isEqualTo("m");
        assertThat(TelemetryTopic.parseOwn("devices/d2/messages/events/", "d1", null)).isNull();
        assertThat(TelemetryTopic.parseOwn("devices/d1/modules/m/messages/events/", "d1", null)).isNull();
        assertThat(TelemetryTopic.parseOwn("devices/d1/messages/events/", "d1", "m")).isNull();
        assertThat(TelemetryTopic.parseOwn("devices/d1/messages/devicebound/", "d1", null)).isNull();
        assertThat(TelemetryTopic.parseOwn(null, "d1", null)).isNull();
    }
}
