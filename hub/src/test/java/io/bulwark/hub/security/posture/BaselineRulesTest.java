package io.bulwark.hub.security.posture;

import static org.assertj.core.api.Assertions.assertThat;

import io.bulwark.protocol.security.PostureSnapshot.Antivirus;
import io.bulwark.protocol.security.PostureSnapshot.Firewall;
import io.bulwark.protocol.security.PostureSnapshot.ListeningPort;
import io.bulwark.protocol.security.PostureSnapshot.OperatingSystem;
import io.bulwark.protocol.security.PostureSnapshot.UsbDevice;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** S-MON-2: each baseline rule on its own, on a healthy snapshot changed in one field. */
class BaselineRulesTest {

    private final BaselineRules rules = new BaselineRules();
    private final Baseline strict = Snapshots.strict();

    @Test
    void aHealthySnapshotMeetsAStrictBaseline() {
        assertThat(rules.evaluate(Snapshots.healthy(), strict)).isEmpty();
    }

    @Test
    void aPermissiveBaselineChecksNothing() {
        assertThat(rules.evaluate(Snapshots.withPorts(new ListeningPort("tcp", 4, "0.0.0.0", 23)),
                Baseline.permissive())).isEmpty();
        assertThat(rules.evaluate(Snapshots.withUsb(new UsbDevice("1-1", "0781", "5567", null, null)),
                Baseline.permissive())).isEmpty();
    }

    @Test
    void refusesAnOsBelowTheMinimumOfItsOsId() {
        Deviation deviation = rules.osVersion(Snapshots.withOs(new OperatingSystem("debian", "Debian", "11")),
                strict).orElseThrow();
        assertThat(deviation.check()).isEqualTo(BaselineRules.OS_VERSION);
        assertThat(deviation.severity()).isEqualTo(Severity.HIGH);
        assertThat(deviation.message()).isEqualTo("debian 11 is below the class minimum 12");
        assertThat(deviation.remediation()).contains("debian 12 or later");
    }

    @Test
    void comparesOsVersionsAsNumbersAndIgnoresOsIdsWithoutAMinimum() {
        assertThat(rules.osVersion(Snapshots.withOs(new OperatingSystem("ubuntu", "Ubuntu", "22.4")), strict))
                .isEmpty();
        assertThat(rules.osVersion(Snapshots.withOs(new OperatingSystem("ubuntu", "Ubuntu", "20.04")), strict))
                .isPresent();
        assertThat(rules.osVersion(Snapshots.withOs(new OperatingSystem("alpine", "Alpine", "3.1")), strict))
                .isEmpty();
    }

    @Test
    void anUnreadableOsIsAFindingOfLowerSeverity() {
        Deviation deviation = rules.osVersion(Snapshots.withOs(null), strict).orElseThrow();
        assertThat(deviation.severity()).isEqualTo(Severity.MEDIUM);
        assertThat(deviation.message()).isEqualTo("the operating system could not be read");
    }

    @Test
    void refusesFirmwareBelowTheMinimum() {
        assertThat(rules.firmwareVersion(Snapshots.withFirmware("2.3.9"), strict).orElseThrow().message())
                .isEqualTo("firmware 2.3.9 is below the class minimum 2.4.0");
        assertThat(rules.firmwareVersion(Snapshots.withFirmware("2.10"), strict)).isEmpty();
        assertThat(rules.firmwareVersion(Snapshots.withFirmware(null), strict).orElseThrow().severity())
                .isEqualTo(Severity.MEDIUM);
    }

    @Test
    void requiresAnAntivirusWithFreshSignatures() {
        assertThat(rules.antivirus(Snapshots.withAntivirus(null), strict).orElseThrow().check())
                .isEqualTo(BaselineRules.ANTIVIRUS);
        Deviation stale = rules.antivirusSignatures(Snapshots.withAntivirus(new Antivirus("ClamAV", 90_000L)),
                strict).orElseThrow();
        assertThat(stale.check()).isEqualTo(BaselineRules.ANTIVIRUS_SIGNATURES);
        assertThat(stale.message()).isEqualTo("ClamAV signatures are 90000 s old, the class allows 86400 s");
        assertThat(rules.antivirusSignatures(Snapshots.withAntivirus(new Antivirus("ClamAV", null)), strict)
                .orElseThrow().message()).isEqualTo("the age of the ClamAV signatures could not be read");
    }

    @Test
    void refusesListeningPortsTheClassDoesNotAllow() {
        Deviation deviation = rules.listeningPorts(Snapshots.withPorts(new ListeningPort("tcp", 4, "0.0.0.0", 22),
                new ListeningPort("tcp", 6, "::", 23), new ListeningPort("udp", 4, "0.0.0.0", 22)), strict)
                .orElseThrow();
        assertThat(deviation.check()).isEqualTo(BaselineRules.LISTENING_PORTS);
        assertThat(deviation.severity()).isEqualTo(Severity.HIGH);
        assertThat(deviation.message()).isEqualTo("listening on ports the class does not allow: tcp/23, udp/22");
    }

    @Test
    void anEmptyPortListAllowsNoListeningSocket() {
        Baseline none = new Baseline(Map.of(), null, false, null, List.of(), true, false, null);
        assertThat(rules.listeningPorts(Snapshots.healthy(), none).orElseThrow().message())
                .isEqualTo("listening on ports the class does not allow: tcp/22");
        assertThat(rules.listeningPorts(Snapshots.withPorts(), none)).isEmpty();
    }

    @Test
    void refusesUsbDevicesOnAClassWithoutUsb() {
        Deviation deviation = rules.usbDevices(Snapshots.withUsb(new UsbDevice("1-1", "0781", "5567", "SanDisk",
                "Cruzer")), strict).orElseThrow();
        assertThat(deviation.message()).isEqualTo("USB devices present on a class that allows none: 1-1 (0781:5567)");
        assertThat(rules.usbDevices(Snapshots.healthy(), strict)).isEmpty();
    }

    @Test
    void requiresAnActiveFirewall() {
        assertThat(rules.firewall(Snapshots.withFirewall(new Firewall("iptables", false)), strict).orElseThrow()
                .message()).isEqualTo("the firewall (iptables) has no rule that drops traffic");
        assertThat(rules.firewall(Snapshots.withFirewall(null), strict).orElseThrow().message())
                .isEqualTo("the firewall state could not be read");
    }

    @Test
    void boundsPendingSecurityUpdates() {
        assertThat(rules.securityUpdates(Snapshots.withPendingUpdates(3), strict).orElseThrow().message())
                .isEqualTo("3 security updates are pending, the class allows 0");
        assertThat(rules.securityUpdates(Snapshots.withPendingUpdates(null), strict).orElseThrow().severity())
                .isEqualTo(Severity.LOW);
    }

    @Test
    void listsEveryDeviationOnceInAFixedOrder() {
        assertThat(rules.evaluate(Snapshots.withFirewall(new Firewall("nft", false)), strict))
                .extracting(Deviation::check).containsExactly(BaselineRules.FIREWALL);
    }
}
