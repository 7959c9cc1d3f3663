package io.bulwark.protocol.mqtt;

/** A topic, property bag, client id or user name that breaks the device protocol. Never echoes secrets. */
public final class MqttFormatException extends IllegalArgumentException {

    public MqttFormatException(String message) {
        super(message);
    }
}
