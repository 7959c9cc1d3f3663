package io.bulwark.hub.security.detect;

import java.time.Instant;
import java.util.Objects;

/** A device connection the hub accepted, and from where. */
public record DeviceConnect(String deviceId, String source, Instant time) {

    public DeviceConnect {
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(time, "time");
    }
}
