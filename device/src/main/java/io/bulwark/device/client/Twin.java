package io.bulwark.device.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * The device's view of its twin: {@code properties.desired} and {@code properties.reported}, each with its
 * {@code $version}.
 */
public record Twin(JsonNode desired, JsonNode reported) {

    public Twin {
        Objects.requireNonNull(desired, "desired");
        Objects.requireNonNull(reported, "reported");
    }

    public long desiredVersion() {
        return desired.path("$version").asLong(0);
    }

    public long reportedVersion() {
        return reported.path("$version").asLong(0);
    }
}
