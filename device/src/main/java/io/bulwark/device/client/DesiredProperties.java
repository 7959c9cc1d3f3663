package io.bulwark.device.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * What the desired-properties handler receives.
 *
 * @param properties   the patch (only the changed keys, {@code null} for a deleted one) or, when
 *                     {@code fullDocument}, the whole desired section
 * @param version      the desired {@code $version} after this change
 * @param fullDocument true after every (re)connect: the client read the twin again, because patches made while it
 *                     was offline were never pushed to it
 */
public record DesiredProperties(JsonNode properties, long version, boolean fullDocument) {

    public DesiredProperties {
        Objects.requireNonNull(properties, "properties");
    }
}
