package io.bulwark.device.client;

import io.netty.handler.codec.mqtt.MqttQoS;

/** What the client's parts write to the current connection. Called on the client's event loop only. */
interface Link {

    /** Writes without flushing; the caller flushes once per batch. */
    void publish(String topic, MqttQoS qos, int packetId, byte[] payload, boolean duplicate);

    /** A PUBACK for a QoS 1 message the hub sent, written without flushing. */
    void acknowledge(int packetId);

    void flush();
}
