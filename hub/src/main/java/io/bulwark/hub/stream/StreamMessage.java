package io.bulwark.hub.stream;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One message as a stream keeps it: who sent it, when the hub took it, how it came in, its properties (system
 * properties under their literal {@code $.} keys) and its body.
 *
 * @param moduleId       null for a device's own messages
 * @param sourceProtocol e.g. {@code mqtt}
 */
public record StreamMessage(String deviceId, String moduleId, Instant enqueuedTime, String sourceProtocol,
                            Map<String, String> properties, byte[] body) {

    public StreamMessage {
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(enqueuedTime, "enqueuedTime");
        Objects.requireNonNull(sourceProtocol, "sourceProtocol");
        properties = Map.copyOf(properties);
        body = body.clone();
    }

    @Override
    public byte[] body() {
        return body.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof StreamMessage that && deviceId.equals(that.deviceId)
                && Objects.equals(moduleId, that.moduleId) && enqueuedTime.equals(that.enqueuedTime)
                && sourceProtocol.equals(that.sourceProtocol) && properties.equals(that.properties)
                && java.util.Arrays.equals(body, that.body);
    }

    @Override
    public int hashCode() {
        return Objects.hash(deviceId, moduleId, enqueuedTime, sourceProtocol, properties)
                + 31 * java.util.Arrays.hashCode(body);
    }

    @Override
    public String toString() {
        return "StreamMessage[" + deviceId + (moduleId == null ? "" : "/" + moduleId) + ", " + enqueuedTime
                + ", " + body.length + " bytes]";
    }
}
