package io.bulwark.device.client;

import io.netty.handler.codec.mqtt.MqttQoS;
import java.util.ArrayList;
import java.util.List;

/** A connection that records what the client wrote to it. */
final class RecordingLink implements Link {

    record Publish(String topic, MqttQoS qos, int packetId, byte[] payload, boolean duplicate) {
    }

    final List<Publish> publishes = new ArrayList<>();
    final List<Integer> acknowledged = new ArrayList<>();
    int flushes;

    @Override
    public void publish(String topic, MqttQoS qos, int packetId, byte[] payload, boolean duplicate) {
        publishes.add(new Publish(topic, qos, packetId, payload, duplicate));
    }

    @Override
    public void acknowledge(int packetId) {
        acknowledged.add(packetId);
    }

    @Override
    public void flush() {
        flushes++;
    }
}
