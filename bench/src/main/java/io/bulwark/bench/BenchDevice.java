package io.bulwark.bench;

import io.netty.handler.ssl.SslContext;
import java.util.Objects;

/**
 * What one simulated device needs to connect, made before any clock starts.
 *
 * @param password the SAS token or the broker password, or null for an X.509 device (its certificate, in {@code tls},
 *                 is the proof)
 */
record BenchDevice(String id, String userName, String password, SslContext tls) {

    BenchDevice {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(userName, "userName");
        Objects.requireNonNull(tls, "tls");
    }

    String telemetryTopic() {
        return "devices/" + id + "/messages/events/";
    }

    String cloudToDeviceFilter() {
        return "devices/" + id + "/messages/devicebound/#";
    }

    /** Where a Mosquitto "service" publishes what stands in for a cloud-to-device message. */
    String cloudToDeviceTopic() {
        return "devices/" + id + "/messages/devicebound/";
    }
}
