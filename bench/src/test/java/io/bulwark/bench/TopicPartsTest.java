package io.bulwark.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TopicPartsTest {

    @Test
    void findsTheRequestIdOfMethodAndTwinTopics() {
        assertThat(DeviceConnection.requestId("$iothub/methods/POST/ping/?$rid=17")).isEqualTo("17");
        assertThat(DeviceConnection.requestId("$iothub/twin/res/204/?$rid=3&$version=9")).isEqualTo("3");
        assertThat(DeviceConnection.requestId("devices/d1/messages/devicebound/")).isEmpty();
    }

    @Test
    void labelsPayloadSizesAsTheReportDoes() {
        assertThat(TelemetryScenarios.size(100)).isEqualTo("100B");
        assertThat(TelemetryScenarios.size(1024)).isEqualTo("1KiB");
        assertThat(TelemetryScenarios.size(16_384)).isEqualTo("16KiB");
        assertThat(TelemetryScenarios.size(1500)).isEqualTo("1500B");
    }
}
