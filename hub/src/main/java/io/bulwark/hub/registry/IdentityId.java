package io.bulwark.hub.registry;

import io.bulwark.protocol.identity.IdentityRules;

/**
 * Names one identity of the registry: a device ({@code moduleId} null) or a module of a device.
 * Both parts follow Azure's id rules, so an invalid id cannot exist past this constructor.
 */
public record IdentityId(String deviceId, String moduleId) implements Comparable<IdentityId> {

    public IdentityId {
        IdentityRules.requireValidId(deviceId, "device id");
        if (moduleId != null) {
            IdentityRules.requireValidId(moduleId, "module id");
        }
    }

    public static IdentityId device(String deviceId) {
        return new IdentityId(deviceId, null);
    }

    public static IdentityId module(String deviceId, String moduleId) {
        return new IdentityId(deviceId, java.util.Objects.requireNonNull(moduleId, "moduleId"));
    }

    public boolean isModule() {
        return moduleId != null;
    }

    /** {@code d1} or {@code d1/m1}: the form used in audit targets and MQTT client ids. */
    @Override
    public String toString() {
        return moduleId == null ? deviceId : deviceId + "/" + moduleId;
    }

    @Override
    public int compareTo(IdentityId other) {
        int byDevice = deviceId.compareTo(other.deviceId);
        if (byDevice != 0) {
            return byDevice;
        }
        if (moduleId == null) {
            return other.moduleId == null ? 0 : -1;
        }
        return other.moduleId == null ? 1 : moduleId.compareTo(other.moduleId);
    }
}
