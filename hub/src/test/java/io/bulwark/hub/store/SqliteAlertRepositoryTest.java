package io.bulwark.hub.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bulwark.hub.TestHubCore;
import io.bulwark.hub.security.alert.Alert;
import io.bulwark.hub.security.alert.AlertEvidence;
import io.bulwark.hub.security.alert.AlertRepository;
import io.bulwark.hub.security.alert.AlertSeverity;
import io.bulwark.hub.security.alert.AlertState;
import io.bulwark.hub.stream.StreamName;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The alerts table: round trip, batch writes, and at most one active alert per dedup key as a rule of the table. */
class SqliteAlertRepositoryTest {

    private static final Instant T0 = Instant.parse("2026-11-30T10:00:00.123Z");

    @TempDir
    Path dir;
    TestHubCore core;
    AlertRepository alerts;

    @BeforeEach
    void open() {
        core = new TestHubCore(dir);
        alerts = core.store.alerts();
    }

    @AfterEach
    void close() {
        core.close();
    }

    @Test
    void anAlertComesBackAsStoredWithItsEvidenceKeptNewestSixteen() {
        List<AlertEvidence> evidence = LongStream.rangeClosed(1, 20)
                .mapToObj(offset -> new AlertEvidence(StreamName.AUDIT, offset)).toList();
        long id = alerts.insert(alert("k", AlertState.OPEN, evidence));

        Alert stored = alerts.find(id).orElseThrow();
        assertThat(stored.evidence()).hasSize(Alert.MAX_EVIDENCE).first()
                .isEqualTo(new AlertEvidence(StreamName.AUDIT, 5));
        assertThat(stored.firstSeen()).isEqualTo(T0);
        assertThat(stored.sourceAddress()).isEqualTo("192.0.2.1");
        assertThat(stored.note()).isNull();
        assertThat(alerts.findActive("k")).contains(stored);
    }

    @Test
    void aSecondActiveAlertWithTheSameKeyIsRefusedButAResolvedOneMayStay() {
        long first = alerts.insert(alert("k", AlertState.OPEN, List.of()));
        assertThatThrownBy(() -> alerts.insert(alert("k", AlertState.ACKNOWLEDGED, List.of())))
                .isInstanceOf(RuntimeException.class);

        Alert resolved = alerts.find(first).orElseThrow();
        alerts.update(new Alert(first, resolved.rule(), resolved.severity(), "k", resolved.firstSeen(),
                resolved.lastSeen(), 3, null, null, "s", List.of(), AlertState.RESOLVED, "policy:iothubowner", T0,
                "done"));
        long second = alerts.insert(alert("k", AlertState.OPEN, List.of()));
        assertThat(alerts.findActive("k").orElseThrow().id()).isEqualTo(second);
        assertThat(alerts.findActive(List.of("k", "other"))).containsOnlyKeys("k");
    }

    @Test
    void aBatchInsertsNewAlertsAndUpdatesOldOnesInOrder() {
        long existing = alerts.insert(alert("old", AlertState.OPEN, List.of()));
        Alert old = alerts.find(existing).orElseThrow();
        Alert counted = new Alert(existing, old.rule(), old.severity(), "old", old.firstSeen(), T0.plusSeconds(9), 2,
                null, null, "again", List.of(), AlertState.OPEN, "hub", T0, null);

        List<Long> ids = alerts.write(List.of(alert("new-1", AlertState.OPEN, List.of()), counted,
                alert("new-2", AlertState.OPEN, List.of())));

        assertThat(ids).hasSize(3);
        assertThat(ids.get(1)).isEqualTo(existing);
        assertThat(alerts.find(existing).orElseThrow().count()).isEqualTo(2);
        assertThat(alerts.find(ids.get(2)).orElseThrow().dedupKey()).isEqualTo("new-2");
    }

    private static Alert alert(String key, AlertState state, List<AlertEvidence> evidence) {
        return new Alert(0, "auth-failures-source", AlertSeverity.HIGH, key, T0, T0, 1, null, "192.0.2.1",
                "summary", evidence, state, "hub", T0, null);
    }
}
