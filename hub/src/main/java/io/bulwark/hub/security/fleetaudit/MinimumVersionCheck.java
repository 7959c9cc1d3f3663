package io.bulwark.hub.security.fleetaudit;

import io.bulwark.hub.security.posture.Baseline;
import io.bulwark.hub.security.posture.BaselineRules;
import io.bulwark.hub.security.posture.DeviceClass;
import io.bulwark.hub.security.posture.DeviceClassRepository;
import io.bulwark.hub.security.posture.Deviation;
import io.bulwark.hub.security.posture.PostureRepository;
import io.bulwark.hub.security.posture.StoredPosture;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Devices below their baseline's minimum OS or firmware version, judged on each device's latest stored posture with
 * the same rules as the posture check ({@link BaselineRules}), so that a class changed since the last snapshot is
 * applied too. Only the two version rules count here; the other deviations are posture findings.
 */
public final class MinimumVersionCheck implements FleetAuditCheck {

    private static final Set<String> VERSION_RULES = Set.of(BaselineRules.OS_VERSION, BaselineRules.FIRMWARE_VERSION);

    private final PostureRepository postures;
    private final DeviceClassRepository classes;
    private final Function<String, String> classNameOfDevice;
    private final BaselineRules rules;

    /** @param classNameOfDevice a device's {@code deviceClass} tag, or null */
    public MinimumVersionCheck(PostureRepository postures, DeviceClassRepository classes,
                               Function<String, String> classNameOfDevice, BaselineRules rules) {
        this.postures = postures;
        this.classes = classes;
        this.classNameOfDevice = classNameOfDevice;
        this.rules = rules;
    }

    @Override
    public String name() {
        return "minimum-versions";
    }

    @Override
    public String rule() {
        return "a device whose latest posture shows an OS or firmware version below its class's minimum";
    }

    @Override
    public List<AuditFinding> run(AuditPeriod period) {
        Map<String, Baseline> baselines = classes.list().stream()
                .collect(Collectors.toMap(DeviceClass::name, DeviceClass::baseline));
        List<AuditFinding> findings = new ArrayList<>();
        for (StoredPosture posture : postures.allLatest()) {
            String className = classNameOfDevice.apply(posture.deviceId());
            Baseline baseline = className == null ? null : baselines.get(className);
            if (baseline == null) {
                continue;
            }
            for (Deviation deviation : rules.evaluate(posture.snapshot(), baseline)) {
                if (VERSION_RULES.contains(deviation.check())) {
                    findings.add(new AuditFinding(name(), deviation.severity(), "device:" + posture.deviceId(),
                            deviation.message() + " (posture of " + posture.receivedTime() + ")"));
                }
            }
        }
        return findings;
    }
}
