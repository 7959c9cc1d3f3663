package io.bulwark.hub.registry;

import io.bulwark.hub.HubException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Validates a bulk import line by line and collects what it will change, so that nothing is written until every line
 * is known to be good. Lines name identities at most once.
 */
final class ImportPlan {

    /** Errors reported back to the caller; enough to fix a file, short enough for a response. */
    private static final int MAX_REPORTED_ERRORS = 20;

    private final DeviceRepository devices;
    private final DeviceFactory factory;
    private final Instant now;
    private final Map<IdentityId, Integer> seen = new HashMap<>();
    private final List<Device> inserts = new ArrayList<>();
    private final List<Device> replacements = new ArrayList<>();
    private final java.util.Set<IdentityId> deletions = new java.util.LinkedHashSet<>();
    private final List<IdentityId> revoked = new ArrayList<>();
    private final List<IdentityId> keysSet = new ArrayList<>();
    private final List<String> errors = new ArrayList<>();
    private int errorCount;

    ImportPlan(DeviceRepository devices, DeviceFactory factory, Instant now) {
        this.devices = devices;
        this.factory = factory;
        this.now = now;
    }

    void add(ImportItem item) {
        try {
            plan(item);
        } catch (HubException e) {
            errorCount++;
            if (errors.size() < MAX_REPORTED_ERRORS) {
                errors.add("line " + item.line() + " (" + item.spec().id() + "): " + e.getMessage());
            }
        }
    }

    ImportResult apply() {
        if (errorCount > 0) {
            throw new HubException.Invalid("invalid-import", errorCount + " line(s) refused, nothing imported: "
                    + String.join("; ", errors) + (errorCount > errors.size() ? "; ..." : ""));
        }
        devices.importAll(inserts, replacements, List.copyOf(deletions));
        return new ImportResult(inserts.size(), replacements.size(), deletions.size());
    }

    /** SAS identities the import gives keys: new ones, and replacements whose keys changed. */
    List<IdentityId> keysSet() {
        return List.copyOf(keysSet);
    }

    /** Identities the import removed from the registry. */
    List<IdentityId> deleted() {
        return List.copyOf(deletions);
    }

    /** Identities whose live connections must close once the import is stored. */
    List<IdentityId> revoked() {
        return List.copyOf(revoked);
    }

    private void insert(Device device) {
        inserts.add(device);
        if (hasKeys(device)) {
            keysSet.add(device.id());
        }
    }

    private static boolean hasKeys(Device device) {
        return device.authentication().symmetricKey() != null;
    }

    private void plan(ImportItem item) {
        IdentityId id = item.spec().id();
        Integer earlier = seen.putIfAbsent(id, item.line());
        if (earlier != null) {
            throw new HubException.Invalid("duplicate-identity", "already named on line " + earlier);
        }
        Device current = devices.find(id).orElse(null);
        switch (item.mode()) {
            case CREATE -> {
                if (current != null) {
                    throw new HubException.Conflict("device-exists", id + " exists already");
                }
                requireParentDevice(id);
                insert(factory.newDevice(item.spec(), now));
            }
            case CREATE_OR_UPDATE -> {
                if (current == null) {
                    requireParentDevice(id);
                    insert(factory.newDevice(item.spec(), now));
                } else {
                    Device updated = factory.updated(current, item.spec(), now);
                    replacements.add(updated);
                    if (!updated.isEnabled() || !updated.authentication().equals(current.authentication())) {
                        revoked.add(id);
                    }
                    if (hasKeys(updated) && !updated.authentication().equals(current.authentication())) {
                        keysSet.add(id);
                    }
                }
            }
            case DELETE -> {
                if (current == null) {
                    throw DeviceRegistry.notFound(id);
                }
                deletions.add(id);
                revoked.add(id);
            }
        }
    }

    private void requireParentDevice(IdentityId id) {
        if (!id.isModule()) {
            return;
        }
        IdentityId device = IdentityId.device(id.deviceId());
        boolean inThisImport = seen.containsKey(device) && !deletions.contains(device);
        if (!inThisImport && devices.find(device).isEmpty()) {
            throw new HubException.Invalid("device-not-found", "module's device " + device + " does not exist");
        }
    }
}
