package io.bulwark.hub.security.fleetaudit;

import io.bulwark.hub.audit.AuditLog;
import io.bulwark.hub.audit.AuditOutcome;
import io.bulwark.hub.auth.AccessPolicy;
import io.bulwark.hub.auth.PolicyRepository;
import io.bulwark.hub.registry.DeviceRepository;
import io.bulwark.hub.registry.IdentityId;
import io.bulwark.hub.registry.KeyRotations;
import io.bulwark.hub.security.posture.Severity;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Keys older than the rotation period: SAS devices and modules, and shared access policies. An identity's keys were
 * last set when the registry last recorded it ({@link KeyRotations}: creation, regeneration, an update or import that
 * changed them), falling back to its creation time. Policy keys never change once generated (there is no route to
 * rotate them yet), so a policy's age runs from its {@code policy.create} audit record; a policy without one (it
 * predates the audit log) is reported as of unknown age.
 */
public final class KeyAgeCheck implements FleetAuditCheck {

    private final DeviceRepository devices;
    private final KeyRotations rotations;
    private final PolicyRepository policies;
    private final AuditRecords records;
    private final Duration rotationPeriod;
    private final Clock clock;

    public KeyAgeCheck(DeviceRepository devices, KeyRotations rotations, PolicyRepository policies, AuditLog audit,
                       Duration rotationPeriod, Clock clock) {
        this.devices = devices;
        this.rotations = rotations;
        this.policies = policies;
        this.records = new AuditRecords(audit);
        this.rotationPeriod = rotationPeriod;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "key-age";
    }

    @Override
    public String rule() {
        return "a device, module or policy key last set more than " + rotationPeriod.toDays() + " days ago";
    }

    @Override
    public List<AuditFinding> run(AuditPeriod period) {
        Instant now = clock.instant();
        Instant oldestAllowed = now.minus(rotationPeriod);
        Map<IdentityId, Instant> keysSet = rotations.all();
        List<AuditFinding> findings = new ArrayList<>();
        devices.forEach(device -> {
            if (device.authentication().symmetricKey() == null) {
                return;
            }
            Instant set = keysSet.getOrDefault(device.id(), device.createdTime());
            if (set.isBefore(oldestAllowed)) {
                findings.add(old((device.id().isModule() ? "module:" : "device:") + device.id(), set, now,
                        "rotate them (regenerateKey)"));
            }
        });
        Map<String, Instant> created = new HashMap<>();
        records.forEach("policy.create", AuditOutcome.SUCCESS, null, record -> created.merge(record.target(),
                record.time(), (a, b) -> a.isAfter(b) ? a : b));
        for (AccessPolicy policy : policies.all()) {
            String target = "policy:" + policy.name();
            Instant set = created.get(target);
            if (set == null) {
                findings.add(new AuditFinding(name(), Severity.MEDIUM, target,
                        "the keys of policy " + policy.name() + " have no creation record: their age is unknown"));
            } else if (set.isBefore(oldestAllowed)) {
                findings.add(old(target, set, now, "replace the policy's keys"));
            }
        }
        return findings;
    }

    private AuditFinding old(String target, Instant set, Instant now, String remedy) {
        return new AuditFinding(name(), Severity.MEDIUM, target, "keys last set " + set + ", "
                + Duration.between(set, now).toDays() + " days ago; " + remedy);
    }
}
