package io.bulwark.device.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class DeviceMessageTest {

    @Test
    void generatesAMessageIdWhenNoneIsGiven() {
        DeviceMessage a = DeviceMessage.of(new byte[] {1});
        DeviceMessage b = DeviceMessage.of(new byte[] {1});
        assertThat(a.messageId()).isNotBlank().isNotEqualTo(b.messageId());
        assertThat(DeviceMessage.builder().messageId("m-1").build().messageId()).isEqualTo("m-1");
    }

    @Test
    void putsSystemPropertiesFirstInTheTopicBag() {
        DeviceMessage message = DeviceMessage.builder().messageId("m").contentType("application/json")
                .contentEncoding("utf-8").property("room", "kitchen").build();
        assertThat(message.topicProperties()).containsExactly(Map.entry("$.mid", "m"),
                Map.entry("$.ct", "application/json"), Map.entry("$.ce", "utf-8"), Map.entry("room", "kitchen"));
    }

    @Test
    void refusesReservedPropertyNamesOversizeBodiesAndTooManyProperties() {
        assertThatThrownBy(() -> DeviceMessage.builder().property("$.mid", "x").build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DeviceMessage.of(new byte[DeviceMessage.MAX_BODY_BYTES + 1]))
                .isInstanceOf(IllegalArgumentException.class);
        DeviceMessage.Builder many = DeviceMessage.builder();
        for (int i = 0; i <= DeviceMessage.MAX_PROPERTIES; i++) {
            many.property("p" + i, "v");
        }
        assertThatThrownBy(many::build).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DeviceMessage.builder().messageId("x".repeat(129)).build())
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void neverShowsTheBodyInToString() {
        assertThat(DeviceMessage.builder().body("secret reading").build().toString()).doesNotContain("secret");
    }
}
