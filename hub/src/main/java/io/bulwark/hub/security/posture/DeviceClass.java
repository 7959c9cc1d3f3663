package io.bulwark.hub.security.posture;

import io.bulwark.hub.HubException;
import java.time.Instant;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A kind of device that shares one posture baseline, e.g. {@code gateway-linux} or {@code camera}. A device belongs to
 * the class named by its {@code deviceClass} tag.
 *
 * @param expectedReportIntervalSeconds how often a device of the class is heard from at least; null: not checked
 */
public record DeviceClass(String name, Baseline baseline, Long expectedReportIntervalSeconds, String etag,
                          Instant updatedTime) {

    /** The registry tag (twin {@code tags.deviceClass}) that names a device's class. */
    public static final String TAG = io.bulwark.hub.security.detect.DeviceClassPolicy.CLASS_TAG;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    public DeviceClass {
        requireName(name);
        Objects.requireNonNull(baseline, "baseline");
        Objects.requireNonNull(etag, "etag");
        Objects.requireNonNull(updatedTime, "updatedTime");
        if (expectedReportIntervalSeconds != null && expectedReportIntervalSeconds < 1) {
            throw new HubException.Invalid("invalid-device-class", "expectedReportIntervalSeconds must be positive");
        }
    }

    public static String requireName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new HubException.Invalid("invalid-device-class-name",
                    "a device class name is 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        return name;
    }
}
