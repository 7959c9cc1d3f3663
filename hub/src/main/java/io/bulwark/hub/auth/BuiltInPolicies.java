package io.bulwark.hub.auth;

import static io.bulwark.hub.auth.Permission.AUDIT_READ;
import static io.bulwark.hub.auth.Permission.ROUTE_WRITE;
import static io.bulwark.hub.auth.Permission.DEVICE_CONNECT;
import static io.bulwark.hub.auth.Permission.REGISTRY_READ;
import static io.bulwark.hub.auth.Permission.REGISTRY_WRITE;
import static io.bulwark.hub.auth.Permission.SERVICE_CONNECT;

import io.bulwark.hub.registry.SymmetricKeyGenerator;
import java.util.EnumSet;
import java.util.List;

/**
 * Azure's built-in policy set, each with fresh random keys made on the hub's first start (S-AUTH-2: nothing secret is
 * compiled in).
 */
public final class BuiltInPolicies {

    public static final String OWNER = "iothubowner";

    private BuiltInPolicies() {
    }

    public static List<AccessPolicy> generate(SymmetricKeyGenerator keys) {
        return List.of(
                new AccessPolicy(OWNER, keys.newKeyPair(), EnumSet.allOf(Permission.class)),
                new AccessPolicy("service", keys.newKeyPair(), EnumSet.of(SERVICE_CONNECT)),
                new AccessPolicy("device", keys.newKeyPair(), EnumSet.of(DEVICE_CONNECT)),
                new AccessPolicy("registryRead", keys.newKeyPair(), EnumSet.of(REGISTRY_READ)),
                new AccessPolicy("registryReadWrite", keys.newKeyPair(), EnumSet.of(REGISTRY_READ, REGISTRY_WRITE)));
    }

    /** Permissions never granted by anything but the owner policy, listed so the docs and tests can name them. */
    public static final EnumSet<Permission> OWNER_ONLY = EnumSet.of(AUDIT_READ, ROUTE_WRITE,
            Permission.ALERT_READ, Permission.ALERT_WRITE);
}
