package io.bulwark.hub.registry;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Storage port of the identity registry. Every write is durable when the call returns (S-DATA-1): callers acknowledge
 * to clients right after. Keys are the implementation's to protect at rest (S-DATA-2).
 */
public interface DeviceRepository {

    /** Stores a new identity; throws {@link io.bulwark.hub.HubException.Conflict} when the id exists. */
    void insert(Device device);

    Optional<Device> find(IdentityId id);

    /** Whether the identity is registered; cheaper than {@link #find}, which opens its keys. */
    default boolean exists(IdentityId id) {
        return find(id).isPresent();
    }

    /**
     * Replaces an identity if its stored etag still equals {@code expectedEtag}.
     *
     * @return false when the identity is gone or its etag changed in between
     */
    boolean replace(Device device, String expectedEtag);

    /** Deletes an identity and, for a device, all its modules. Returns false when it did not exist. */
    boolean delete(IdentityId id);

    /** Devices only (no modules), ordered by id, filtered by the query. */
    DevicePage list(DeviceQuery query);

    /** Modules of one device, ordered by module id. */
    List<Device> modulesOf(String deviceId);

    /** Applies a whole import in one transaction: all of it is stored, or none. */
    void importAll(List<Device> inserts, List<Device> replacements, List<IdentityId> deletions);

    /** Every identity, devices and modules, ordered by id; for export. */
    void forEach(Consumer<Device> sink);

    /** Number of devices (modules not counted). */
    long countDevices();
}
