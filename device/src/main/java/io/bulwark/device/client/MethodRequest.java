package io.bulwark.device.client;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A direct-method call from the hub.
 *
 * @param payload the JSON the caller sent (empty when none)
 */
public record MethodRequest(String methodName, String requestId, byte[] payload) {

    public MethodRequest {
        Objects.requireNonNull(methodName, "methodName");
        Objects.requireNonNull(requestId, "requestId");
        payload = payload.clone();
    }

    @Override
    public byte[] payload() {
        return payload.clone();
    }

    public String payloadAsString() {
        return new String(payload, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "MethodRequest[" + methodName + ", rid=" + requestId + ", " + payload.length + " bytes]";
    }
}
