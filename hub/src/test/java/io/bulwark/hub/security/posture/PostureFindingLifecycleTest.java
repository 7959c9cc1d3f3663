package io.bulwark.hub.security.posture;

import static org.assertj.core.api.Assertions.assertThat;

import io.bulwark.hub.TestHubCore;
import io.bulwark.hub.audit.AuditOutcome;
import io.bulwark.hub.audit.AuditQuery;
import io.bulwark.hub.audit.AuditRecord;
import io.bulwark.hub.registry.DeviceSpec;
import io.bulwark.hub.registry.IdentityId;
import io.bulwark.hub.registry.ImportItem;
import io.bulwark.hub.registry.ImportMode;
import io.bulwark.hub.security.alert.Alert;
import io.bulwark.hub.security.alert.AlertState;
import io.bulwark.hub.security.alert.Alerts;
import io.bulwark.hub.stream.Streams;
import io.bulwark.hub.stream.embedded.SqliteStreams;
import io.bulwark.protocol.security.PostureSnapshot;
import io.bulwark.protocol.security.PostureSnapshot.ListeningPort;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What happens around a finding: its alert is resolved by the hub when a clean snapshot closes it (S-MON-2), and a
 * deleted device takes its posture, its findings and its key time with it (S-DATA-3).
 */
class PostureFindingLifecycleTest {

    private static final PostureSnapshot TELNET = Snapshots.withPorts(new ListeningPort("tcp", 4, "0.0.0.0", 23));
    private static final IdentityId GW1 = IdentityId.device("gw-1");

    @TempDir
    Path dir;
    TestHubCore core;
    Streams streams;
    Alerts alerts;
    PostureChecker checker;

    @BeforeEach
    void start() {
        core = new TestHubCore(dir);
        streams = SqliteStreams.open(dir.resolve("streams.db"));
        Clock clock = Clock.systemUTC();
        alerts = new Alerts(core.store.alerts(), core.audit, streams, clock);
        DeviceClasses classes = new DeviceClasses(core.store.deviceClasses(), core.store.devices(), core.audit, clock);
        checker = new PostureChecker(core.store.postures(), classes, new BaselineRules());
        checker.reportTo(new PostureFindingAlerts(alerts));
        // As Hub wires it.
        core.revocations.subscribeDeletions(new DeletedDevicePostures(core.store.postures())::deleted);
        classes.put(TestHubCore.OPERATOR, "gateway", Snapshots.strict(), 3600L, null);
        createGateway();
    }

    @AfterEach
    void stop() throws Exception {
        streams.close();
        core.close();
    }

    @Test
    void aCleanSnapshotResolvesTheFindingsAlertAsSystemPostureWithANote() {
        checker.check(posture(7, TELNET));
        Alert raised = onlyAlert();
        assertThat(raised.state()).isEqualTo(AlertState.OPEN);

        checker.check(posture(12, Snapshots.healthy()));

        Alert resolved = alerts.get(raised.id());
        assertThat(resolved.state()).isEqualTo(AlertState.RESOLVED);
        assertThat(resolved.stateChangedBy()).isEqualTo("system:posture");
        assertThat(resolved.note()).isEqualTo("finding closed: the snapshot at security offset 12 no longer shows it");
        AuditRecord record = core.audit.query(new AuditQuery(null, "alert.resolve", null, null, null, null, 0, 10))
                .get(0);
        assertThat(record.actor()).isEqualTo("system:posture");
        assertThat(record.target()).isEqualTo(Alerts.target(raised.id()));
        assertThat(record.outcome()).isEqualTo(AuditOutcome.SUCCESS);
        assertThat(record.detail()).contains("security offset 12");
    }

    @Test
    void aFindingClosingAfterAnOperatorResolvedItsAlertLeavesTheAlertAlone() {
        checker.check(posture(7, TELNET));
        Alert raised = onlyAlert();
        alerts.resolve(TestHubCore.OPERATOR, raised.id(), "fixed by hand");

        checker.check(posture(12, Snapshots.healthy()));

        Alert after = alerts.get(raised.id());
        assertThat(after.stateChangedBy()).isEqualTo(TestHubCore.OPERATOR.name());
        assertThat(after.note()).isEqualTo("fixed by hand");
        assertThat(core.audit.query(new AuditQuery(null, "alert.resolve", null, null, null, null, 0, 10)))
                .extracting(AuditRecord::actor).containsExactly(TestHubCore.OPERATOR.name());
    }

    @Test
    void deletingADevicePurgesItsPostureAndFindings() { // S-DATA-3
        checker.check(posture(7, TELNET));
        checker.check(posture(9, Snapshots.healthy()));
        checker.check(posture(11, TELNET));
        assertThat(core.store.postures().findings(new FindingQuery("gw-1", null, null, null, 10))).hasSize(2);

        core.registry.delete(TestHubCore.OPERATOR, GW1, null);
        createGateway();

        // Re-created under the same id: nothing of the old device shows, open or closed.
        assertThat(core.store.postures().latest("gw-1")).isEmpty();
        assertThat(core.store.postures().openFindings("gw-1")).isEmpty();
        assertThat(core.store.postures().findings(new FindingQuery("gw-1", null, null, null, 10))).isEmpty();
        assertThat(core.store.postures().allLatest()).isEmpty();
    }

    @Test
    void anImportThatDeletesADevicePurgesItsPosture() { // S-DATA-3
        checker.check(posture(7, TELNET));
        core.registry.importDevices(TestHubCore.OPERATOR, List.of(
                new ImportItem(1, ImportMode.DELETE, DeviceSpec.sasDevice(GW1))));
        createGateway();
        assertThat(core.store.postures().latest("gw-1")).isEmpty();
        assertThat(core.store.postures().findings(new FindingQuery("gw-1", null, null, null, 10))).isEmpty();
    }

    @Test
    void aSnapshotReadAfterItsDeviceWasDeletedStoresNothingAndRaisesNothing() { // S-DATA-3
        core.registry.delete(TestHubCore.OPERATOR, GW1, null);

        assertThat(checker.check(posture(7, TELNET))).isEmpty();

        createGateway();
        assertThat(core.store.postures().latest("gw-1")).isEmpty();
        assertThat(core.store.postures().findings(new FindingQuery("gw-1", null, null, null, 10))).isEmpty();
        assertThat(core.store.alerts().findActive(PostureFindingAlerts.dedupKey("gw-1", BaselineRules.LISTENING_PORTS)))
                .isEmpty();
    }

    @Test
    void deletingAModuleLeavesItsDevicesPosture() {
        IdentityId module = IdentityId.module("gw-1", "agent");
        core.registry.create(TestHubCore.OPERATOR, DeviceSpec.sasDevice(module));
        checker.check(posture(7, TELNET));
        core.registry.delete(TestHubCore.OPERATOR, module, null);
        assertThat(core.store.postures().latest("gw-1")).isPresent();
        assertThat(core.store.postures().openFindings("gw-1")).hasSize(1);
    }

    private void createGateway() {
        core.registry.create(TestHubCore.OPERATOR, DeviceSpec.sasDevice(GW1)
                .withTags(Map.of(DeviceClass.TAG, "gateway")));
    }

    private Alert onlyAlert() {
        List<Alert> all = alerts.list(new io.bulwark.hub.security.alert.AlertQuery(null, null, "gw-1", null, null,
                0, 10));
        assertThat(all).hasSize(1);
        return all.get(0);
    }

    private static StoredPosture posture(long offset, PostureSnapshot snapshot) {
        Instant now = Instant.now();
        return new StoredPosture("gw-1", offset, now, now, snapshot);
    }
}
