package io.bulwark.hub.security.detect;

import java.util.Optional;

/**
 * What a device class allows, as far as the detectors need it. Device classes and their baselines belong to posture
 * (S-MON-2, {@code security.posture}), which implements this; until a class is known nothing is assumed about it.
 */
@FunctionalInterface
public interface DeviceClassPolicy {

    /** The tag of a device's registry entry (its twin's {@code tags.deviceClass}) that names its class. */
    String CLASS_TAG = "deviceClass";

    /** Whether devices of {@code deviceClass} may have USB devices attached; empty for a class it does not know. */
    Optional<Boolean> usbAllowed(String deviceClass);
}
