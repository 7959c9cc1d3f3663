package io.bulwark.hub.auth;

import io.bulwark.hub.audit.Actor;
import java.util.Set;

/** An authenticated caller of the service API and what it may do. */
public record Principal(String name, Set<Permission> permissions) {

    public Principal {
        permissions = Set.copyOf(permissions);
    }

    public static Principal ofPolicy(AccessPolicy policy) {
        return new Principal("policy:" + policy.name(), policy.permissions());
    }

    public boolean has(Permission permission) {
        return permissions.contains(permission);
    }

    public Actor actor(String source) {
        return new Actor(name, source);
    }
}
