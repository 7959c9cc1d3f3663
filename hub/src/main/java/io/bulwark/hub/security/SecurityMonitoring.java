package io.bulwark.hub.security;

import io.bulwark.hub.registry.DevicePresence;
import io.bulwark.hub.security.alert.Alerts;
import io.bulwark.hub.security.detect.AclViolationDetector;
import io.bulwark.hub.security.detect.AuditStreamReader;
import io.bulwark.hub.security.detect.AuthFailureDetector;
import io.bulwark.hub.security.detect.ConnectFeed;
import io.bulwark.hub.security.detect.ConnectionFlappingDetector;
import io.bulwark.hub.security.detect.DeviceClassPolicy;
import io.bulwark.hub.security.detect.EventSequenceGapDetector;
import io.bulwark.hub.security.detect.LoginBruteForceDetector;
import io.bulwark.hub.security.detect.NewSourceNetworkDetector;
import io.bulwark.hub.security.detect.SecurityStreamReader;
import io.bulwark.hub.security.detect.StreamFollower;
import io.bulwark.hub.security.detect.TamperDetector;
import io.bulwark.hub.security.detect.TelemetryStreamReader;
import io.bulwark.hub.security.detect.TrafficBaselineDetector;
import io.bulwark.hub.security.detect.UsbAttachDetector;
import io.bulwark.hub.stream.StreamName;
import io.bulwark.hub.stream.Streams;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The running detectors: one follower per stream (security, audit, telemetry) and the connect feed, each feeding its
 * rules and raising what they find through {@link Alerts}. Built by the composition root; closing stops the threads
 * and commits the followers' positions.
 */
public final class SecurityMonitoring implements AutoCloseable {

    private final List<StreamFollower<?>> followers;
    private final ConnectFeed connects;

    private SecurityMonitoring(List<StreamFollower<?>> followers, ConnectFeed connects) {
        this.followers = followers;
        this.connects = connects;
    }

    /** @param deviceClassOf a device id to its {@code deviceClass} tag, if it has one */
    public static SecurityMonitoring start(Streams streams, Alerts alerts, SourceBlocklist blocklist,
                                           DevicePresence presence, Function<String, Optional<String>> deviceClassOf,
                                           DeviceClassPolicy classes, MonitoringLimits limits, Clock clock) {
        SecurityStreamReader security = new SecurityStreamReader(List.of(new TamperDetector(),
                new UsbAttachDetector(deviceClassOf, classes),
                new LoginBruteForceDetector(limits.loginFailures(), limits.loginWindow()),
                new EventSequenceGapDetector()), alerts::raiseAll);
        AuditStreamReader audit = new AuditStreamReader(List.of(new AuthFailureDetector(limits, blocklist),
                new ConnectionFlappingDetector(limits.flapSwitches(), limits.flapWindow()),
                new AclViolationDetector(limits.aclViolations(), limits.aclWindow())), alerts::raiseAll);
        List<StreamFollower<?>> followers = new ArrayList<>(List.of(
                StreamFollower.ofMessages(streams, StreamName.SECURITY, security, clock).start(),
                StreamFollower.ofMessages(streams, StreamName.AUDIT, audit, clock).start()));
        if (limits.trafficBaseline()) {
            TelemetryStreamReader telemetry = new TelemetryStreamReader(List.of(new TrafficBaselineDetector(
                    limits.baselineFactor(), limits.baselineWarmUp(), limits.baselineFloorBytes(),
                    limits.baselineFloorPerMinute())), alerts::raiseAll);
            followers.add(StreamFollower.ofMetadata(streams, StreamName.TELEMETRY, telemetry, clock).start());
        }
        ConnectFeed connects = new ConnectFeed(new NewSourceNetworkDetector(limits.networkLearning()), alerts::raise)
                .start();
        presence.subscribeConnects(connects);
        return new SecurityMonitoring(List.copyOf(followers), connects);
    }

    @Override
    public void close() {
        connects.close();
        followers.forEach(StreamFollower::close);
    }
}
