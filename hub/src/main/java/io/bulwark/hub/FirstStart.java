package io.bulwark.hub;

import io.bulwark.hub.audit.Actor;
import io.bulwark.hub.audit.AuditLog;
import io.bulwark.hub.audit.AuditOutcome;
import io.bulwark.hub.auth.AccessPolicy;
import io.bulwark.hub.auth.BuiltInPolicies;
import io.bulwark.hub.auth.PolicyRepository;
import io.bulwark.hub.registry.SymmetricKeyGenerator;
import io.bulwark.hub.secrets.OwnerOnlyFiles;
import io.bulwark.protocol.connection.ServiceConnectionString;
import java.util.List;

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
}
