package io.bulwark.hub.security.detect;

import static io.bulwark.hub.security.detect.Records.T0;
import static io.bulwark.hub.security.detect.Records.audit;
import static org.assertj.core.api.Assertions.assertThat;

import io.bulwark.hub.TestHubCore;
import io.bulwark.hub.audit.AuditQuery;
import io.bulwark.hub.audit.AuditRecord;
import io.bulwark.hub.security.MonitoringLimits;
import io.bulwark.hub.security.SourceBlocklist;
import io.bulwark.hub.security.SourceExemptions;
import io.bulwark.hub.security.SourceVerdict;
import io.bulwark.hub.security.alert.AlertEvidence;
import io.bulwark.hub.security.alert.AlertSeverity;
import io.bulwark.hub.security.alert.AlertSignal;
import io.bulwark.hub.stream.StreamName;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The rules over the hub's own audit records: authentication failures, cloned credentials, ACL violations. */
class AuditDetectorsTest {

    private static final MonitoringLimits LIMITS = MonitoringLimits.DEFAULTS.withSourceBlocking(3, 5,
            Duration.ofSeconds(2), Duration.ofMinutes(15), SourceExemptions.LOOPBACK_ONLY);

    @TempDir
    Path dir;
    TestHubCore core;
    MovableClock clock;
    SourceBlocklist blocklist;

    @BeforeEach
    void start() {
        core = new TestHubCore(dir);
        clock = new MovableClock(T0);
        blocklist = new SourceBlocklist(LIMITS.exemptSources(), core.audit, clock);
    }

    @AfterEach
    void stop() {
        core.close();
    }

    @Test
    void failuresFromOneSourceSlowItDownThenBlockItAndRaiseAnAlert() { // S-AUTH-7
        AuthFailureDetector detector = new AuthFailureDetector(LIMITS, blocklist);
        List<AlertSignal> signals = new ArrayList<>();
        for (int i = 1; i <= 2; i++) {
            signals.addAll(detector.inspect(audit("auth.failure", "device:d" + i, "192.0.2.7", i, T0)));
        }
        assertThat(blocklist.admit("192.0.2.7").allowed()).isTrue();

        signals.addAll(detector.inspect(audit("auth.failure", "device:d3", "192.0.2.7", 3, T0)));
        assertThat(signals).isEmpty();
        assertThat(blocklist.admit("192.0.2.7").allowed()).as("first attempt of the interval").isTrue();
        assertThat(blocklist.admit("192.0.2.7").kind()).isEqualTo(SourceVerdict.Kind.THROTTLED);
        assertThat(lastAudit().action()).isEqualTo("security.source-slowed");

        signals.addAll(detector.inspect(audit("auth.failure", "device:d4", "192.0.2.7", 4, T0)));
        signals.addAll(detector.inspect(audit("auth.failure", "device:d5", "192.0.2.7", 5, T0)));
        assertThat(signals).singleElement().satisfies(signal -> {
            assertThat(signal.rule()).isEqualTo("auth-failures-source");
            assertThat(signal.severity()).isEqualTo(AlertSeverity.HIGH);
            assertThat(signal.dedupKey()).isEqualTo("auth-failures-source:192.0.2.7");
            assertThat(signal.sourceAddress()).isEqualTo("192.0.2.7");
            assertThat(signal.evidence()).containsExactly(new AlertEvidence(StreamName.AUDIT, 5));
            assertThat(signal.summary()).startsWith("5 failed authentications from 192.0.2.7 within PT5M; blocked");
        });
        SourceVerdict blocked = blocklist.admit("192.0.2.7");
        assertThat(blocked.kind()).isEqualTo(SourceVerdict.Kind.BLOCKED);
        assertThat(blocked.until()).isEqualTo(T0.plus(Duration.ofMinutes(15)));
        AuditRecord audited = lastAudit();
        assertThat(List.of(audited.actor(), audited.action(), audited.target())).containsExactly("hub",
                "security.source-blocked", "source:192.0.2.7");
        assertThat(blocklist.admit("192.0.2.8").allowed()).as("other sources unaffected").isTrue();

        clock.advance(Duration.ofMinutes(15));
        assertThat(blocklist.admit("192.0.2.7").allowed()).as("the block ends").isTrue();
    }

    @Test
    void anExemptSourceIsNeverBlockedButStillAlerts() {
        AuthFailureDetector detector = new AuthFailureDetector(LIMITS, blocklist);
        List<AlertSignal> signals = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            signals.addAll(detector.inspect(audit("auth.failure", "anonymous", "127.0.0.1", i, T0)));
        }
        assertThat(blocklist.admit("127.0.0.1").allowed()).isTrue();
        assertThat(signals).singleElement().satisfies(signal -> assertThat(signal.summary())
                .contains("not blocked: the source is exempt"));
        assertThat(core.audit.query(new AuditQuery(null, "security.source-blocked", null, null, null, null, 0, 10)))
                .isEmpty();
    }

    @Test
    void failuresNamingOneIdentityFromManySourcesAlertWithoutLockingTheIdentity() {
        AuthFailureDetector detector = new AuthFailureDetector(LIMITS, blocklist);
        List<AlertSignal> signals = new ArrayList<>();
        for (int i = 1; i <= LIMITS.identityFailures(); i++) {
            signals.addAll(detector.inspect(audit("auth.failure", "device:pump-7", "198.51.100." + i, i,
                    T0.plusSeconds(i))));
        }
        assertThat(signals).singleElement().satisfies(signal -> {
            assertThat(signal.rule()).isEqualTo("auth-failures-identity");
            assertThat(signal.dedupKey()).isEqualTo("auth-failures-identity:device:pump-7");
            assertThat(signal.deviceId()).isEqualTo("pump-7");
            assertThat(signal.sourceAddress()).isNull();
        });
        assertThat(detector.inspect(audit("device.conflicting-connection", "device:x", "192.0.2.1", 99, T0)))
                .isEmpty();
    }

    @Test
    void anIdentityFlappingBetweenSourceAddressesIsAClonedCredential() { // S-AUTH-9
        ConnectionFlappingDetector detector = new ConnectionFlappingDetector(3, Duration.ofMinutes(10));
        List<AlertSignal> signals = new ArrayList<>();
        String[] sources = {"127.0.0.2", "127.0.0.1", "127.0.0.2", "127.0.0.1"};
        for (int i = 0; i < sources.length; i++) {
            signals.addAll(detector.inspect(audit("device.conflicting-connection", "device:d1", sources[i], i + 1,
                    T0.plusSeconds(i))));
        }
        assertThat(signals).singleElement().satisfies(signal -> {
            assertThat(signal.rule()).isEqualTo("cloned-credential");
            assertThat(signal.severity()).isEqualTo(AlertSeverity.HIGH);
            assertThat(signal.dedupKey()).isEqualTo("cloned-credential:device:d1");
            assertThat(signal.deviceId()).isEqualTo("d1");
            assertThat(signal.sourceAddress()).isEqualTo("127.0.0.1");
            assertThat(signal.evidence()).containsExactly(new AlertEvidence(StreamName.AUDIT, 4));
        });
    }

    @Test
    void reconnectsFromOneSourceAreNotFlapping() {
        ConnectionFlappingDetector detector = new ConnectionFlappingDetector(3, Duration.ofMinutes(10));
        for (int i = 0; i < 20; i++) {
            assertThat(detector.inspect(audit("device.conflicting-connection", "device:d1", "192.0.2.1", i + 1,
                    T0.plusSeconds(i)))).isEmpty();
        }
    }

    @Test
    void repeatedAclViolationsOfOneDeviceAreAnAlert() {
        AclViolationDetector detector = new AclViolationDetector(2, Duration.ofMinutes(10));
        assertThat(detector.inspect(audit("mqtt.acl-violation", "device:d1", "192.0.2.1", 1, T0))).isEmpty();
        assertThat(detector.inspect(audit("mqtt.acl-violation", "device:d2", "192.0.2.2", 2, T0))).isEmpty();
        assertThat(detector.inspect(audit("mqtt.acl-violation", "device:d1", "192.0.2.1", 3, T0.plusSeconds(5))))
                .singleElement().satisfies(signal -> {
                    assertThat(signal.rule()).isEqualTo("acl-violation");
                    assertThat(signal.severity()).isEqualTo(AlertSeverity.MEDIUM);
                    assertThat(signal.dedupKey()).isEqualTo("acl-violation:device:d1");
                    assertThat(signal.deviceId()).isEqualTo("d1");
                    assertThat(signal.summary()).endsWith("latest: bad signature");
                });
    }

    private AuditRecord lastAudit() {
        return core.audit.latest().orElseThrow();
    }
}
