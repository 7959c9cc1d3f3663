package io.bulwark.hub.registry;

import io.bulwark.hub.HubException;
import io.bulwark.hub.audit.Actor;
import io.bulwark.hub.audit.AuditLog;
import io.bulwark.hub.audit.AuditOutcome;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.function.Consumer;

/**
 * The identity registry: creates, changes and removes devices and modules, and audits every write and every read of
 * keys (S-AUD-1). Writes compare etags when the caller gives one, so two operators cannot silently overwrite each
 * other.
 */
public final class DeviceRegistry {

    /** {@code If-Match: *}: apply whatever the current version is. */
    public static final String ANY_ETAG = "*";

    private final DeviceRepository devices;
    private final AuditLog audit;
    private final SymmetricKeyGenerator keys;
    private final Clock clock;
    private final DeviceFactory factory;
    private final Revocations revocations;
    private final KeyRotations keyRotations;

    public DeviceRegistry(DeviceRepository devices, AuditLog audit, SymmetricKeyGenerator keys, Clock clock,
                          Revocations revocations, KeyRotations keyRotations) {
        this.devices = devices;
        this.audit = audit;
        this.keys = keys;
        this.clock = clock;
        this.factory = new DeviceFactory(keys, new GatewayLinks(devices));
        this.revocations = revocations;
        this.keyRotations = keyRotations;
    }

    public Device create(Actor actor, DeviceSpec spec) {
        return audited(actor, "create", spec.id(), () -> {
            Device device = factory.newDevice(spec, now());
            if (spec.id().isModule()) {
                requireDevice(IdentityId.device(spec.id().deviceId()));
            }
            devices.insert(device);
            recordKeys(device);
            return device;
        });
    }

    /** Replaces an identity's settings; {@code ifMatch} is an etag or {@link #ANY_ETAG}. */
    public Device update(Actor actor, DeviceSpec spec, String ifMatch) {
        return audited(actor, "update", spec.id(), () -> {
            Device current = requireDevice(spec.id());
            requireEtag(current, ifMatch);
            Device updated = factory.updated(current, spec, now());
            if (!devices.replace(updated, current.etag())) {
                throw preconditionFailed(spec.id());
            }
            if (!updated.isEnabled() || !updated.authentication().equals(current.authentication())) {
                revocations.revoke(updated.id());
            }
            if (!updated.authentication().equals(current.authentication())) {
                recordKeys(updated);
            }
            return updated;
        });
    }

    /** Merges tag changes into an identity ({@code null} removes a tag), as a twin PATCH of tags does. */
    public Device mergeTags(Actor actor, IdentityId id, java.util.Map<String, String> patch) {
        return audited(actor, "update-tags", id, () -> {
            Device current = requireDevice(id);
            java.util.Map<String, String> tags = new java.util.TreeMap<>(current.tags());
            patch.forEach((name, value) -> {
                if (value == null) {
                    tags.remove(name);
                } else {
                    tags.put(name, value);
                }
            });
            Device updated = factory.updated(current, DeviceSpec.from(current).withTags(tags), now());
            if (!devices.replace(updated, current.etag())) {
                throw preconditionFailed(id);
            }
            return updated;
        });
    }

    /** The identity with its keys. Audited: reading keys is a security-relevant act. */
    public Device getWithKeys(Actor actor, IdentityId id) {
        return audited(actor, "read-keys", id, () -> requireDevice(id));
    }

    public Device get(IdentityId id) {
        return requireDevice(id);
    }

    /** Throws the same not-found as {@link #get} when the identity is not registered, without opening its keys. */
    public void requireExists(IdentityId id) {
        if (!devices.exists(id)) {
            throw notFound(id);
        }
    }

    public void delete(Actor actor, IdentityId id, String ifMatch) {
        audited(actor, "delete", id, () -> {
            Device current = requireDevice(id);
            requireEtag(current, ifMatch);
            if (!devices.delete(id)) {
                throw notFound(id);
            }
            keyRotations.forget(id);
            revocations.revoke(id);
            revocations.deleted(actor, id);
            return current;
        });
    }

    public Device regenerateKey(Actor actor, IdentityId id, KeySlot slot) {
        return audited(actor, "regenerate-key", id, () -> {
            Device current = requireDevice(id);
            SymmetricKeys old = current.authentication().symmetricKey();
            if (old == null) {
                throw new HubException.Conflict("not-a-sas-identity", id + " does not authenticate with keys");
            }
            SymmetricKeys fresh = switch (slot) {
                case PRIMARY -> old.withPrimary(keys.newKey());
                case SECONDARY -> old.withSecondary(keys.newKey());
                case BOTH -> keys.newKeyPair();
            };
            Device updated = factory.withKeys(current, fresh, now());
            if (!devices.replace(updated, current.etag())) {
                throw preconditionFailed(id);
            }
            keyRotations.keysSet(id, updated.lastUpdatedTime());
            revocations.revoke(id);
            return updated;
        });
    }

    public DevicePage list(DeviceQuery query) {
        return devices.list(query);
    }

    public List<Device> modules(String deviceId) {
        requireDevice(IdentityId.device(deviceId));
        return devices.modulesOf(deviceId);
    }

    public long countDevices() {
        return devices.countDevices();
    }

    /** Applies every line or none (S-DATA-1): a bad line anywhere leaves the registry as it was. */
    public ImportResult importDevices(Actor actor, List<ImportItem> items) {
        try {
            ImportPlan plan = new ImportPlan(devices, factory, now());
            items.forEach(plan::add);
            ImportResult result = plan.apply();
            Instant setAt = now();
            plan.deleted().forEach(keyRotations::forget);
            plan.keysSet().forEach(id -> keyRotations.keysSet(id, setAt));
            plan.revoked().forEach(revocations::revoke);
            plan.deleted().forEach(id -> revocations.deleted(actor, id));
            audit.record(actor, "device.import", "registry", AuditOutcome.SUCCESS,
                    "created " + result.created() + ", updated " + result.updated() + ", deleted " + result.deleted());
            return result;
        } catch (HubException e) {
            audit.record(actor, "device.import", "registry", AuditOutcome.FAILURE, e.getMessage());
            throw e;
        }
    }

    /** Streams every identity with its keys to {@code sink}; audited as a bulk key read. */
    public void exportDevices(Actor actor, Consumer<Device> sink) {
        audit.record(actor, "device.export", "registry", AuditOutcome.SUCCESS, "export with keys");
        devices.forEach(sink);
    }

    /** A SAS identity's keys were just set; other kinds have none to age. */
    private void recordKeys(Device device) {
        if (device.authentication().symmetricKey() != null) {
            keyRotations.keysSet(device.id(), device.lastUpdatedTime());
        }
    }

    private Device requireDevice(IdentityId id) {
        return devices.find(id).orElseThrow(() -> notFound(id));
    }

    private static void requireEtag(Device current, String ifMatch) {
        if (ifMatch == null || ANY_ETAG.equals(ifMatch.trim())) {
            return;
        }
        String etag = ifMatch.trim();
        if (etag.startsWith("\"") && etag.endsWith("\"") && etag.length() >= 2) {
            etag = etag.substring(1, etag.length() - 1);
        }
        if (!etag.equals(current.etag())) {
            throw preconditionFailed(current.id());
        }
    }

    private <T> T audited(Actor actor, String verb, IdentityId id, java.util.function.Supplier<T> work) {
        String action = (id.isModule() ? "module." : "device.") + verb;
        String target = (id.isModule() ? "module:" : "device:") + id;
        try {
            T result = work.get();
            audit.record(actor, action, target, AuditOutcome.SUCCESS, "");
            return result;
        } catch (HubException e) {
            audit.record(actor, action, target, AuditOutcome.FAILURE, e.type());
            throw e;
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    static HubException.NotFound notFound(IdentityId id) {
        return new HubException.NotFound(id.isModule() ? "module-not-found" : "device-not-found",
                (id.isModule() ? "module " : "device ") + id + " does not exist");
    }

    private static HubException.PreconditionFailed preconditionFailed(IdentityId id) {
        return new HubException.PreconditionFailed("etag-mismatch",
                id + " was changed by someone else; read it again and retry with its current etag");
    }
}
