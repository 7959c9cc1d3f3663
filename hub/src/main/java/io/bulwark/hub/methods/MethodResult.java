package io.bulwark.hub.methods;

/** The device's answer: the status it chose and its JSON payload (empty when it sent none). */
public record MethodResult(int status, byte[] payload) {
    public MethodResult {
        payload = payload.clone();
    }

    @Override
    public byte[] payload() {
        return payload.clone();
    }
}
