package io.bulwark.hub.registry;

import io.bulwark.hub.HubException;

/** Checks that a child names a gateway that exists, is a gateway, and is the current generation of it. */
final class GatewayLinks {

    private final DeviceRepository devices;

    GatewayLinks(DeviceRepository devices) {
        this.devices = devices;
    }

    /** Resolves a parent scope to the gateway it names, or refuses. */
    Device requireGateway(String parentScope, IdentityId child) {
        IdentityId gatewayId = IdentityId.device(DeviceScopes.deviceIdOf(parentScope));
        if (gatewayId.equals(IdentityId.device(child.deviceId()))) {
            throw new HubException.Invalid("invalid-parent", "a device cannot be its own parent");
        }
        Device gateway = devices.find(gatewayId).orElseThrow(() ->
                new HubException.Invalid("invalid-parent", "parent gateway " + gatewayId + " does not exist"));
        if (!gateway.iotEdge() || !parentScope.equals(gateway.deviceScope())) {
            throw new HubException.Invalid("invalid-parent",
                    "parent scope does not name the current generation of a gateway");
        }
        return gateway;
    }
}
