package io.bulwark.device.client;

import java.nio.charset.StandardCharsets;

/**
 * A device's answer to a direct method: a status (three digits; 200 for success by convention) and a JSON payload,
 * which the hub passes on to the caller as {@code {"status":..,"payload":..}}.
 */
public record MethodResponse(int status, byte[] payload) {

    public MethodResponse {
        if (status < 100 || status > 999) {
            throw new IllegalArgumentException("method status must have three digits");
        }
        payload = payload == null ? new byte[0] : payload.clone();
    }

    public static MethodResponse of(int status, String json) {
        return new MethodResponse(status, json == null ? new byte[0] : json.getBytes(StandardCharsets.UTF_8));
    }

    public static MethodResponse ok(String json) {
        return of(200, json);
    }

    @Override
    public byte[] payload() {
        return payload.clone();
    }

    @Override
    public String toString() {
        return "MethodResponse[" + status + ", " + payload.length + " bytes]";
    }
}
