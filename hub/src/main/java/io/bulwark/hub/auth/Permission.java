package io.bulwark.hub.auth;

import io.bulwark.hub.HubException;

/**
 * What a shared access policy allows. The first four are Azure's; {@code AuditRead}, {@code RouteWrite} (creating
 * and changing webhook routes, which make the hub dial out), {@code AlertRead} (security alerts and the alerts
 * stream) and {@code AlertWrite} (acknowledging and resolving alerts, and their response actions, which disable
 * devices and block sources) are Bulwark's own and only the owner policy has them.
 */
public enum Permission {
    REGISTRY_READ("RegistryRead"),
    REGISTRY_WRITE("RegistryWrite"),
    SERVICE_CONNECT("ServiceConnect"),
    DEVICE_CONNECT("DeviceConnect"),
    AUDIT_READ("AuditRead"),
    ROUTE_WRITE("RouteWrite"),
    ALERT_READ("AlertRead"),
    ALERT_WRITE("AlertWrite");

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
