package io.bulwark.hub.registry;

import java.util.Map;
import java.util.Objects;

/**
 * What a caller asks the registry to store for one identity (create or full replace). Absent keys on a SAS identity
 * mean "generate them" at creation and "keep the current ones" on update.
 *
 * @param parentScope the scope of the gateway this device belongs to, or null
 */
public record DeviceSpec(IdentityId id, DeviceStatus status, String statusReason, AuthenticationType authenticationType,
                         SymmetricKeys symmetricKeys, X509Thumbprints thumbprints, boolean iotEdge, String parentScope,
                         Map<String, String> tags) {

    public DeviceSpec {
        Objects.requireNonNull(id, "id");
        status = status == null ? DeviceStatus.ENABLED : status;
        authenticationType = authenticationType == null ? AuthenticationType.SAS : authenticationType;
        tags = tags == null ? Map.of() : Map.copyOf(tags);
    }

    /** The settings of a stored identity, as a spec to change and store again. */
    public static DeviceSpec from(Device device) {
        Authentication auth = device.authentication();
        return new DeviceSpec(device.id(), device.status(), device.statusReason(), auth.type(), auth.symmetricKey(),
                auth.x509Thumbprint(), device.iotEdge(),
                device.parentScopes().isEmpty() ? null : device.parentScopes().get(0), device.tags());
    }

    /** An enabled SAS identity whose keys the hub generates. */
    public static DeviceSpec sasDevice(IdentityId id) {
        return new DeviceSpec(id, DeviceStatus.ENABLED, null, AuthenticationType.SAS, null, null, false, null, Map.of());
    }

    public DeviceSpec withStatus(DeviceStatus newStatus, String reason) {
        return new DeviceSpec(id, newStatus, reason, authenticationType, symmetricKeys, thumbprints, iotEdge,
                parentScope, tags);
    }

    public DeviceSpec withTags(Map<String, String> newTags) {
        return new DeviceSpec(id, status, statusReason, authenticationType, symmetricKeys, thumbprints, iotEdge,
                parentScope, newTags);
    }

    public DeviceSpec asGateway() {
        return new DeviceSpec(id, status, statusReason, authenticationType, symmetricKeys, thumbprints, true,
                parentScope, tags);
    }

    public DeviceSpec withParentScope(String scope) {
        return new DeviceSpec(id, status, statusReason, authenticationType, symmetricKeys, thumbprints, iotEdge,
                scope, tags);
    }
}
