package io.bulwark.hub.security.fleetaudit;

import io.bulwark.hub.auth.AccessPolicy;
import io.bulwark.hub.auth.BuiltInPolicies;
import io.bulwark.hub.auth.Permission;
import io.bulwark.hub.auth.PolicyRepository;
import io.bulwark.hub.security.posture.Severity;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Overly permissive shared access policies. Rules, for every policy but the owner ({@code iothubowner}):
 * <ul>
 *   <li>all permissions: a second owner key (critical);</li>
 *   <li>an owner-only permission ({@code AuditRead}, {@code RouteWrite}) (high);</li>
 *   <li>{@code DeviceConnect} together with a service permission ({@code ServiceConnect}, {@code RegistryRead},
 *       {@code RegistryWrite}): a key on devices that also works on the service API, or a service key that can
 *       impersonate every device (high).</li>
 * </ul>
 */
public final class PermissivePolicyCheck implements FleetAuditCheck {

    private static final Set<Permission> SERVICE = EnumSet.of(Permission.SERVICE_CONNECT, Permission.REGISTRY_READ,
            Permission.REGISTRY_WRITE);

    private final PolicyRepository policies;

    public PermissivePolicyCheck(PolicyRepository policies) {
        this.policies = policies;
    }

    @Override
    public String name() {
        return "permissive-policies";
    }

    @Override
    public String rule() {
        return "a policy other than " + BuiltInPolicies.OWNER + " with all permissions, an owner-only permission, "
                + "or DeviceConnect together with a service permission";
    }

    @Override
    public List<AuditFinding> run(AuditPeriod period) {
        List<AuditFinding> findings = new ArrayList<>();
        for (AccessPolicy policy : policies.all()) {
            if (policy.name().equals(BuiltInPolicies.OWNER)) {
                continue;
            }
            String target = "policy:" + policy.name();
            if (policy.permissions().containsAll(EnumSet.allOf(Permission.class))) {
                findings.add(new AuditFinding(name(), Severity.CRITICAL, target,
                        "policy " + policy.name() + " has every permission: it is a second owner key"));
                continue;
            }
            List<String> ownerOnly = policy.permissions().stream().filter(BuiltInPolicies.OWNER_ONLY::contains)
                    .map(Permission::wireName).sorted().toList();
            if (!ownerOnly.isEmpty()) {
                findings.add(new AuditFinding(name(), Severity.HIGH, target, "policy " + policy.name()
                        + " has the owner-only permission(s) " + String.join(", ", ownerOnly)));
            }
            List<String> service = policy.permissions().stream().filter(SERVICE::contains).map(Permission::wireName)
                    .sorted().toList();
            if (policy.allows(Permission.DEVICE_CONNECT) && !service.isEmpty()) {
                findings.add(new AuditFinding(name(), Severity.HIGH, target, "policy " + policy.name()
                        + " combines DeviceConnect with " + String.join(", ", service)
                        + ": a key that connects as any device and also acts on the service API"));
            }
        }
        return findings;
    }
}
