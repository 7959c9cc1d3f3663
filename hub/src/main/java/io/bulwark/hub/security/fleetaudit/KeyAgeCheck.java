package io.bulwark.hub.security.fleetaudit;

import io.bulwark.hub.audit.AuditLog;
import io.bulwark.hub.audit.AuditOutcome;
import io.bulwark.hub.auth.AccessPolicy;
import io.bulwark.hub.auth.PolicyRepository;
import io.bulwark.hub.registry.AuthenticationType;
import io.bulwark.hub.registry.DeviceRepository;
import io.bulwark.hub.security.posture.Severity;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Keys older than the rotation period: SAS identities and shared access policies. A key's age runs from the last time
 * it was set, which the hash-chained audit log records: an identity's creation (its {@code createdTime}), its latest
 * {@code regenerate-key} or {@code update} (an update may carry new keys; counting every update can only make a key
 * look younger, never older), a policy's {@code policy.create}. A policy with no such record (it predates the audit
 * log) is reported as of unknown age.
 */
public final class KeyAgeCheck implements FleetAuditCheck {

    private static final List<String> KEY_SETTING = List.of("device.regenerate-key", "device.update",
            "module.regenerate-key", "module.update");

    private final DeviceRepository devices;
    private final PolicyRepository policies;
    private final AuditRecords records;
    private final Duration rotationPeriod;
    private final Clock clock;

    public KeyAgeCheck(DeviceRepository devices, PolicyRepository policies, AuditLog audit, Duration rotationPeriod,
                       Clock clock) {
        this.devices = devices;
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
        Map<String, Instant> lastSet = new HashMap<>();
        for (String action : KEY_SETTING) {
            records.forEach(action, AuditOutcome.SUCCESS, null, record -> lastSet.merge(record.target(),
                    record.time(), (a, b) -> a.isAfter(b) ? a : b));
        }
        records.forEach("policy.create", AuditOutcome.SUCCESS, null, record -> lastSet.merge(record.target(),
                record.time(), (a, b) -> a.isAfter(b) ? a : b));
        List<AuditFinding> findings = new ArrayList<>();
        devices.forEach(device -> {
            if (device.authentication().type() != AuthenticationType.SAS) {
                return;
            }
            String target = (device.id().isModule() ? "module:" : "device:") + device.id();
            Instant set = lastSet.getOrDefault(target, device.createdTime());
            if (set.isBefore(device.createdTime())) {
                set = device.createdTime();
            }
            if (set.isBefore(oldestAllowed)) {
                findings.add(old(target, set, now));
            }
        });
        for (AccessPolicy policy : policies.all()) {
            String target = "policy:" + policy.name();
            Instant set = lastSet.get(target);
            if (set == null) {
                findings.add(new AuditFinding(name(), Severity.MEDIUM, target,
                        "the keys of policy " + policy.name() + " have no creation record: their age is unknown"));
            } else if (set.isBefore(oldestAllowed)) {
                findings.add(old(target, set, now));
            }
        }
        return findings;
    }

    private AuditFinding old(String target, Instant set, Instant now) {
        return new AuditFinding(name(), Severity.MEDIUM, target, "keys last set " + set + ", "
                + Duration.between(set, now).toDays() + " days ago; rotate them (regenerateKey)");
    }
}
