package io.bulwark.hub.security.posture;

import static org.assertj.core.api.Assertions.assertThat;

import io.bulwark.hub.TestHubCore;
import io.bulwark.hub.audit.AuditOutcome;
import io.bulwark.hub.audit.AuditRecord;
import io.bulwark.hub.registry.DeviceSpec;
import io.bulwark.hub.registry.IdentityId;
import io.bulwark.protocol.security.PostureSnapshot;
import io.bulwark.protocol.security.PostureSnapshot.ListeningPort;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** S-MON-2: snapshots become findings that open, refresh and close, stored per device with their evidence offset. */
class PostureCheckerTest {

    @TempDir
    Path dir;
    TestHubCore core;
    DeviceClasses classes;
    PostureChecker checker;
    final List<String> events = new ArrayList<>();

    @BeforeEach
    void start() {
        core = new TestHubCore(dir);
        classes = new DeviceClasses(core.store.deviceClasses(), core.store.devices(), core.audit, Clock.systemUTC());
        checker = new PostureChecker(core.store.postures(), classes, new BaselineRules());
        checker.reportTo(new FindingListener() {
            @Override
            public void opened(PostureFinding finding) {
                events.add("opened " + finding.deviceId() + " " + finding.check());
            }

            @Override
            public void closed(PostureFinding finding) {
                events.add("closed " + finding.deviceId() + " " + finding.check());
            }
        });
        classes.put(TestHubCore.OPERATOR, "gateway", Snapshots.strict(), 3600L, null);
        core.registry.create(TestHubCore.OPERATOR, DeviceSpec.sasDevice(IdentityId.device("gw-1"))
                .withTags(Map.of(DeviceClass.TAG, "gateway")));
    }

    @AfterEach
    void stop() {
        core.close();
    }

    @Test
    void opensAFindingForAForbiddenPortRefreshesItAndClosesItWhenThePortIsGone() {
        PostureSnapshot telnet = Snapshots.withPorts(new ListeningPort("tcp", 4, "0.0.0.0", 23));
        checker.check(posture("gw-1", 7, telnet));
        PostureFinding opened = only(core.store.postures().openFindings("gw-1"));
        assertThat(opened.check()).isEqualTo(BaselineRules.LISTENING_PORTS);
        assertThat(opened.evidenceOffset()).isEqualTo(7);
        assertThat(opened.remediation()).isNotBlank();

        checker.check(posture("gw-1", 9, telnet));
        PostureFinding refreshed = only(core.store.postures().openFindings("gw-1"));
        assertThat(refreshed.evidenceOffset()).isEqualTo(9);
        assertThat(refreshed.firstSeen()).isEqualTo(opened.firstSeen());

        checker.check(posture("gw-1", 12, Snapshots.healthy()));
        assertThat(core.store.postures().openFindings("gw-1")).isEmpty();
        PostureFinding closed = only(core.store.postures().findings(
                new FindingQuery("gw-1", null, null, false, 10)));
        assertThat(closed.closedTime()).isNotNull();
        assertThat(closed.evidenceOffset()).isEqualTo(12);
        assertThat(events).containsExactly("opened gw-1 listening-ports", "closed gw-1 listening-ports");
        assertThat(core.store.postures().latest("gw-1").orElseThrow().offset()).isEqualTo(12);
    }

    @Test
    void aDeviceWithoutAClassGetsNoFindingButItsPostureIsKept() {
        core.registry.create(TestHubCore.OPERATOR, DeviceSpec.sasDevice(IdentityId.device("loose")));
        checker.check(posture("loose", 3, Snapshots.withPorts(new ListeningPort("tcp", 4, "0.0.0.0", 23))));
        assertThat(core.store.postures().openFindings("loose")).isEmpty();
        assertThat(core.store.postures().latest("loose").orElseThrow().snapshot().listeningPorts())
                .extracting(ListeningPort::port).containsExactly(23);
    }

    @Test
    void deletingTheClassClosesTheFindingsAtTheNextSnapshot() {
        checker.check(posture("gw-1", 1, Snapshots.withFirmware("1.0")));
        assertThat(core.store.postures().openFindings("gw-1")).hasSize(1);
        classes.delete(TestHubCore.OPERATOR, "gateway", null);
        checker.check(posture("gw-1", 2, Snapshots.withFirmware("1.0")));
        assertThat(core.store.postures().openFindings("gw-1")).isEmpty();
    }

    @Test
    void answersTheDetectorsWhetherAClassAllowsUsb() {
        classes.put(TestHubCore.OPERATOR, "kiosk", Baseline.permissive(), null, null);
        assertThat(classes.usbAllowed("gateway")).contains(false);
        assertThat(classes.usbAllowed("kiosk")).contains(true);
        assertThat(classes.usbAllowed("unknown")).isEmpty();
        assertThat(classes.usbAllowed("not a name")).isEmpty();
    }

    @Test
    void classWritesAreAudited() {
        AuditRecord created = core.audit.query(new io.bulwark.hub.audit.AuditQuery(null, "deviceClass.create", null,
                null, null, null, 0, 10)).get(0);
        assertThat(created.target()).isEqualTo("deviceClass:gateway");
        assertThat(created.outcome()).isEqualTo(AuditOutcome.SUCCESS);
    }

    private static StoredPosture posture(String device, long offset, PostureSnapshot snapshot) {
        Instant now = Instant.now();
        return new StoredPosture(device, offset, now, now, snapshot);
    }

    private static PostureFinding only(List<PostureFinding> findings) {
        assertThat(findings).hasSize(1);
        return findings.get(0);
    }
}
