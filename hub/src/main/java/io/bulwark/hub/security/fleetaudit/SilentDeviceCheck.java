package io.bulwark.hub.security.fleetaudit;

import io.bulwark.hub.registry.DevicePresence;
import io.bulwark.hub.registry.DeviceRepository;
import io.bulwark.hub.security.posture.DeviceClass;
import io.bulwark.hub.security.posture.DeviceClassRepository;
import io.bulwark.hub.security.posture.PostureRepository;
import io.bulwark.hub.security.posture.Severity;
import io.bulwark.hub.security.posture.StoredPosture;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Devices silent beyond their class's {@code expectedReportIntervalSeconds}. A device was last heard from at the later
 * of its latest packet (presence, kept in memory since the hub started) and its latest stored posture snapshot; one
 * never heard from counts from the later of its creation and the hub's start, so a restart does not make the whole
 * fleet look silent. Devices of a class without an interval, disabled devices and modules are not checked.
 */
public final class SilentDeviceCheck implements FleetAuditCheck {

    private final DeviceRepository devices;
    private final DeviceClassRepository classes;
    private final DevicePresence presence;
    private final PostureRepository postures;
    private final Instant hubStarted;
    private final Clock clock;

    public SilentDeviceCheck(DeviceRepository devices, DeviceClassRepository classes, DevicePresence presence,
                             PostureRepository postures, Instant hubStarted, Clock clock) {
        this.devices = devices;
        this.classes = classes;
        this.presence = presence;
        this.postures = postures;
        this.hubStarted = hubStarted;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "silent-devices";
    }

    @Override
    public String rule() {
        return "an enabled device not heard from for longer than its class's expectedReportIntervalSeconds";
    }

    @Override
    public List<AuditFinding> run(AuditPeriod period) {
        Instant now = clock.instant();
        Map<String, DeviceClass> byName = classes.list().stream()
                .filter(c -> c.expectedReportIntervalSeconds() != null)
                .collect(Collectors.toMap(DeviceClass::name, Function.identity()));
        Map<String, Instant> postureTimes = postures.allLatest().stream()
                .collect(Collectors.toMap(StoredPosture::deviceId, StoredPosture::receivedTime));
        List<AuditFinding> findings = new ArrayList<>();
        devices.forEach(device -> {
            DeviceClass deviceClass = byName.get(device.tags().get(DeviceClass.TAG));
            if (device.id().isModule() || !device.isEnabled() || deviceClass == null) {
                return;
            }
            Duration expected = Duration.ofSeconds(deviceClass.expectedReportIntervalSeconds());
            Optional<Instant> heard = latest(presence.of(device.id()).map(DevicePresence.Presence::lastActivity),
                    Optional.ofNullable(postureTimes.get(device.id().deviceId())));
            Instant since = heard.orElse(later(device.createdTime(), hubStarted));
            if (since.plus(expected).isBefore(now)) {
                String target = "device:" + device.id();
                findings.add(new AuditFinding(name(), Severity.MEDIUM, target, heard.map(at -> "last heard from at "
                        + at).orElse("not heard from since " + since) + ", more than the " + expected.toSeconds()
                        + " s class " + deviceClass.name() + " expects"));
            }
        });
        return findings;
    }

    private static Optional<Instant> latest(Optional<Instant> a, Optional<Instant> b) {
        if (a.isEmpty()) {
            return b;
        }
        return b.isEmpty() ? a : Optional.of(later(a.get(), b.get()));
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
