package io.bulwark.hub.security.posture;

import java.util.List;
import java.util.Optional;

/** Storage port of the device classes. Every write is durable when the call returns. */
public interface DeviceClassRepository {

    /** @return false when a class of that name exists */
    boolean insert(DeviceClass deviceClass);

    /** Replaces the class of the same name if its etag is still {@code expectedEtag}. */
    boolean replace(DeviceClass deviceClass, String expectedEtag);

    Optional<DeviceClass> find(String name);

    /** All classes, by name. */
    List<DeviceClass> list();

    boolean delete(String name);
}
