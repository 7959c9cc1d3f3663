package io.bulwark.hub;

import io.bulwark.hub.audit.Actor;
import io.bulwark.hub.audit.AuditLog;
import io.bulwark.hub.audit.AuditOutcome;
import io.bulwark.hub.auth.AccessPolicy;
import io.bulwark.hub.auth.BuiltInPolicies;
import io.bulwark.hub.auth.Permission;
import io.bulwark.hub.auth.PolicyRepository;
import io.bulwark.hub.registry.SymmetricKeyGenerator;
import io.bulwark.hub.secrets.OwnerOnlyFiles;
import io.bulwark.protocol.connection.ServiceConnectionString;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Creates the built-in access policies with fresh keys when the store has none, and writes their connection strings
 * into the owner-only credentials folder: the hub's one-time credentials (no defaults exist, S-AUTH-2).
 */
final class FirstStart {

    private FirstStart() {
    }

    /** Returns true when the policies were created now, i.e. this is the hub's first start. */
    static boolean ensurePolicies(PolicyRepository policies, SymmetricKeyGenerator keys, DataFolder folder,
                                  String hostName, AuditLog audit) {
        if (!policies.all().isEmpty()) {
            grantNewPermissionsToOwner(policies, audit);
            return false;
        }
        OwnerOnlyFiles.ensureDirectory(folder.credentials());
        List<AccessPolicy> created = BuiltInPolicies.generate(keys);
        for (AccessPolicy policy : created) {
            policies.save(policy);
            String connectionString = new ServiceConnectionString(hostName, policy.name(),
                    policy.keys().primaryKey()).format();
            OwnerOnlyFiles.writeString(folder.policyConnectionString(policy.name()), connectionString + "\n");
            audit.record(Actor.HUB, "policy.create", "policy:" + policy.name(), AuditOutcome.SUCCESS,
                    "generated at first start");
        }
        return true;
    }

    /**
     * The owner policy holds every permission. A hub created by an older build lacks those added since (e.g.
     * RouteWrite); they are granted at start, keys unchanged, and the grant is audited.
     */
    private static void grantNewPermissionsToOwner(PolicyRepository policies, AuditLog audit) {
        policies.find(BuiltInPolicies.OWNER).ifPresent(owner -> {
            Set<Permission> missing = EnumSet.allOf(Permission.class);
            missing.removeAll(owner.permissions());
            if (missing.isEmpty()) {
                return;
            }
            Set<Permission> all = EnumSet.allOf(Permission.class);
            policies.save(new AccessPolicy(owner.name(), owner.keys(), all));
            audit.record(Actor.HUB, "policy.update", "policy:" + owner.name(), AuditOutcome.SUCCESS,
                    "granted permissions added by this version: " + missing.stream().map(Permission::wireName)
                            .sorted().toList());
        });
    }
}
