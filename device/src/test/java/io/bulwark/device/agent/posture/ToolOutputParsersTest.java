package io.bulwark.device.agent.posture;

import static org.assertj.core.api.Assertions.assertThat;

import io.bulwark.protocol.security.PostureSnapshot.Firewall;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The parsers of tool output and binary variables, against captures of the real tools. */
class ToolOutputParsersTest {

    @Test
    void nftRulesetWithADropPolicyIsActive() {
        assertThat(new FirewallRules().parseNft(Fixtures.text("nft-ruleset-drop.txt"))).isEqualTo(new Firewall("nft", true));
    }

    @Test
    void nftRulesetThatAcceptsEverythingIsInactive() {
        assertThat(new FirewallRules().parseNft(Fixtures.text("nft-ruleset-accept.txt"))).isEqualTo(new Firewall("nft", false));
        assertThat(new FirewallRules().parseNft("")).isEqualTo(new Firewall("nft", false));
    }

    @Test
    void iptablesWithARejectRuleIsActiveAndAllAcceptIsNot() {
        assertThat(new FirewallRules().parseIptables(Fixtures.text("iptables-S-reject.txt")).active()).isTrue();
        assertThat(new FirewallRules().parseIptables(Fixtures.text("iptables-S-open.txt")).active()).isFalse();
        assertThat(new FirewallRules().parseIptables("-P INPUT DROP\n").active()).isTrue();
    }

    @Test
    void countsOnlyUpgradesFromASecurityArchive() {
        assertThat(new AptSecurityUpdates().count(Fixtures.text("apt-get-s-upgrade.txt"))).isEqualTo(3);
        assertThat(new AptSecurityUpdates().count(Fixtures.text("apt-get-s-upgrade-ubuntu.txt"))).isEqualTo(1);
        assertThat(new AptSecurityUpdates().count("Reading package lists...\n0 upgraded\n")).isZero();
    }

    @Test
    void clamAvDatabaseHeaderGivesTheBuildTimeFromItsEpochField() {
        byte[] header = pad("ClamAV-VDB:14 Nov 2023 09-32 +0000:27094:2044560:90:0a1b2c3d4e5f:sig:raynman:1699954320");
        assertThat(new ClamAvSignatures().fromDatabaseHeader(header)).contains(Instant.ofEpochSecond(1699954320));
    }

    @Test
    void clamAvDatabaseHeaderWithoutEpochFallsBackToItsDate() {
        byte[] header = pad("ClamAV-VDB:14 Nov 2023 09-32 +0000:27094:2044560:90");
        assertThat(new ClamAvSignatures().fromDatabaseHeader(header)).contains(Instant.parse("2023-11-14T09:32:00Z"));
        assertThat(new ClamAvSignatures().fromDatabaseHeader("not a database".getBytes(StandardCharsets.US_ASCII)))
                .isEmpty();
    }

    @Test
    void clamscanVersionLineGivesTheSignatureDate() {
        assertThat(new ClamAvSignatures().fromVersionLine("ClamAV 1.0.3/27094/Tue Nov 14 09:32:05 2023\n", ZoneOffset.UTC))
                .contains(Instant.parse("2023-11-14T09:32:05Z"));
        assertThat(new ClamAvSignatures().fromVersionLine("ClamAV 1.0.3\n", ZoneOffset.UTC)).isEmpty();
    }

    @Test
    void secureBootVariableIsFourAttributeBytesThenTheValue() {
        assertThat(new SecureBootVariable().parse(new byte[] {6, 0, 0, 0, 1})).isTrue();
        assertThat(new SecureBootVariable().parse(new byte[] {6, 0, 0, 0, 0})).isFalse();
        assertThat(new SecureBootVariable().parse(new byte[] {6, 0})).isNull();
    }

    private static byte[] pad(String header) {
        byte[] padded = new byte[512];
        java.util.Arrays.fill(padded, (byte) ' ');
        byte[] text = header.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(text, 0, padded, 0, text.length);
        return padded;
    }
}
