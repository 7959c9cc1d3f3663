package io.bulwark.hub.auth;

import io.bulwark.hub.HubException;

/**
 * What a shared access policy allows. The first four are Azure's; {@code AuditRead} and {@code RouteWrite} (creating
 * and changing webhook routes, which make the hub dial out) are Bulwark's own and only the owner policy has them.
 */
public enum Permission {
    REGISTRY_READ("RegistryRead"),
    REGISTRY_WRITE("RegistryWrite"),
    SERVICE_CONNECT("ServiceConnect"),
    DEVICE_CONNECT("DeviceConnect"),
    AUDIT_READ("AuditRead"),
    ROUTE_WRITE("RouteWrite");

    private final String wireName;

    Permission(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Permission fromWire(String value) {
        for (Permission permission : values()) {
            if (permission.wireName.equalsIgnoreCase(value)) {
                return permission;
            }
        }
        throw new HubException.Invalid("invalid-permission", "unknown permission");
    }
}
