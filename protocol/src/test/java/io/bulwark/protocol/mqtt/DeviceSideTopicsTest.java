package io.bulwark.protocol.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The topics as the device side writes and reads them; each must round-trip with the hub side's code. */
class DeviceSideTopicsTest {

    @Test
    void formatsTelemetryTopicsTheHubParses() {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("$.mid", "m 1");
        properties.put("$.ct", "application/json");
        properties.put("room", "kitchen/left");
        String topic = TelemetryTopic.format("edge#1", null, properties);
        assertThat(topic).startsWith("devices/edge%231/messages/events/%24.mid=m%201&");
        assertThat(TelemetryTopic.parse(topic)).isEqualTo(new TelemetryTopic("edge#1", null, properties));
        String module = TelemetryTopic.format("d1", "filter", Map.of("a", "b"));
        assertThat(TelemetryTopic.parse(module)).isEqualTo(new TelemetryTopic("d1", "filter", Map.of("a", "b")));
    }

    @Test
    void readsCloudToDeviceBagsTheHubWrites() {
        String topic = CloudToDeviceTopics.topic("d1", null, "42", "full", Map.of("color", "red & blue"));
        Map<String, String> properties = CloudToDeviceTopics.parseProperties(topic, "d1", null);
        assertThat(properties).containsEntry("$.mid", "42").containsEntry("iothub-ack", "full")
                .containsEntry("$.to", "/devices/d1/messages/deviceBound").containsEntry("color", "red & blue");
        assertThat(CloudToDeviceTopics.subscription("d1", "m")).isEqualTo("devices/d1/modules/m/messages/devicebound/#");
        assertThat(DeviceSubscriptions.isAllowed(CloudToDeviceTopics.subscription("d1", null), "d1", null)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"devices/d2/messages/devicebound/a=b", "devices/d1/messages/devicebound/a=%ZZ",
            "devices/d1/messages/devicebound/a=1&a=2", "devices/d1/messages/devicebound/a=b/c=d",
            "devices/d1/messages/events/a=b"})
    void refusesMalformedOrForeignCloudToDeviceTopics(String topic) {
        assertThatThrownBy(() -> CloudToDeviceTopics.parseProperties(topic, "d1", null))
                .isInstanceOf(MqttFormatException.class);
    }

    @Test
    void readsMethodRequestsAndWritesAnswersTheHubParses() {
        assertThat(MethodTopics.parseRequest(MethodTopics.request("reboot", "7")))
                .isEqualTo(new MethodTopics.Request("reboot", "7"));
        assertThat(MethodTopics.parseResponse(MethodTopics.response(200, "7")))
                .isEqualTo(new MethodTopics.Response(200, "7"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"$iothub/methods/POST//?$rid=1", "$iothub/methods/POST/reboot/?x=1",
            "$iothub/methods/POST/reboot", "$iothub/methods/POST/a/b/?$rid=1", "$iothub/twin/res/200/?$rid=1"})
    void refusesMalformedMethodRequests(String topic) {
        assertThatThrownBy(() -> MethodTopics.parseRequest(topic)).isInstanceOf(MqttFormatException.class);
    }

    @Test
    void writesTwinRequestsTheHubParsesAndReadsItsAnswers() {
        assertThat(TwinTopics.parseRequest(TwinTopics.get("3")))
                .isEqualTo(new TwinTopics.Request(TwinTopics.Operation.GET, "3"));
        assertThat(TwinTopics.parseRequest(TwinTopics.patchReported("4")))
                .isEqualTo(new TwinTopics.Request(TwinTopics.Operation.PATCH_REPORTED, "4"));
        assertThat(TwinTopics.parseResponse(TwinTopics.response(204, "4", 12L)))
                .isEqualTo(new TwinTopics.Response(204, "4", 12L));
        assertThat(TwinTopics.parseResponse(TwinTopics.response(200, "3", null)))
                .isEqualTo(new TwinTopics.Response(200, "3", null));
        assertThat(TwinTopics.parseDesiredVersion(TwinTopics.desiredPatch(9))).isEqualTo(9);
    }

    @ParameterizedTest
    @ValueSource(strings = {"$iothub/twin/res/20/?$rid=1", "$iothub/twin/res/abc/?$rid=1", "$iothub/twin/res/200/?x=1",
            "$iothub/twin/res/204/?$rid=1&$version=-1", "$iothub/twin/res/204/?$rid=1&$version=99999999999999999999"})
    void refusesMalformedTwinAnswers(String topic) {
        assertThatThrownBy(() -> TwinTopics.parseResponse(topic)).isInstanceOf(MqttFormatException.class);
    }

    @Test
    void refusesDesiredPatchesWithoutAVersion() {
        assertThatThrownBy(() -> TwinTopics.parseDesiredVersion("$iothub/twin/PATCH/properties/desired/"))
                .isInstanceOf(MqttFormatException.class);
    }

    @Test
    void writesUserNamesAndClientIdsTheHubParses() {
        MqttUserName name = new MqttUserName("hub.example.com", "d1", "m1", "2021-04-12");
        String text = name.format("DeviceClientType=bulwark-device%2F0.1");
        assertThat(text).isEqualTo("hub.example.com/d1/m1/?api-version=2021-04-12&DeviceClientType=bulwark-device%2F0.1");
        assertThat(MqttUserName.parse(text)).isEqualTo(name);
        assertThat(MqttClientId.parse(new MqttClientId("d1", "m1").format())).isEqualTo(new MqttClientId("d1", "m1"));
        assertThat(new MqttClientId("d1", null).format()).isEqualTo("d1");
    }
}
