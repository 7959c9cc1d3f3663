package io.bulwark.hub.methods;

import io.bulwark.hub.registry.IdentityId;
import java.util.Objects;

/** A direct method call on its way to a device; {@code requestId} pairs it with the device's answer. */
public record MethodRequest(IdentityId target, String requestId, String methodName, byte[] payload) {
    public MethodRequest {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(methodName, "methodName");
        payload = payload.clone();
    }

    @Override
    public byte[] payload() {
        return payload.clone();
    }
}
