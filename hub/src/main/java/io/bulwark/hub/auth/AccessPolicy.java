package io.bulwark.hub.auth;

import io.bulwark.hub.HubException;
import io.bulwark.hub.registry.SymmetricKeys;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/** A shared access policy: a name, two keys, and the permissions a token signed with either key carries. */
public record AccessPolicy(String name, SymmetricKeys keys, Set<Permission> permissions) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    public AccessPolicy {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new HubException.Invalid("invalid-policy-name", "policy names are 1..64 characters of A-Za-z0-9_.-");
        }
        Objects.requireNonNull(keys, "keys");
        permissions = permissions.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(permissions));
    }

    public boolean allows(Permission permission) {
        return permissions.contains(permission);
    }
}
