package io.bulwark.hub.registry;

import io.bulwark.hub.HubException;

/**
 * Gateway scopes in Azure's form, {@code ms-azure-iot-edge://{deviceId}-{generationId}}. A child names its gateway by
 * the gateway's scope, so re-creating a gateway under the same id (new generation) detaches its old children.
 */
public final class DeviceScopes {

    static final String PREFIX = "ms-azure-iot-edge://";

    private DeviceScopes() {
    }

    static String of(IdentityId gateway, String generationId) {
        return PREFIX + gateway.deviceId() + "-" + generationId;
    }

    /** The device id inside a scope; generation ids are digits only, so the last '-' separates them. */
    public static String deviceIdOf(String scope) {
        if (scope == null || !scope.startsWith(PREFIX)) {
            throw new HubException.Invalid("invalid-scope", "a scope looks like " + PREFIX + "{deviceId}-{generationId}");
        }
        String rest = scope.substring(PREFIX.length());
        int dash = rest.lastIndexOf('-');
        if (dash <= 0) {
            throw new HubException.Invalid("invalid-scope", "a scope looks like " + PREFIX + "{deviceId}-{generationId}");
        }
        return rest.substring(0, dash);
    }
}
