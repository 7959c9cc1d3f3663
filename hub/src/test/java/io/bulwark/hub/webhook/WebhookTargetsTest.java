package io.bulwark.hub.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bulwark.hub.HubException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The SSRF guard's decisions, with a scripted resolver in place of DNS (SECURITY.md has no SSRF id yet; the guard
 * serves S-ACL-3 [integrate with care]: a caller allowed to create webhooks must not thereby reach the hub's network).
 */
class WebhookTargetsTest {

    private static final WebhookTargets LITERALS_ONLY = new WebhookTargets(PrivateTargetAllowance.NONE, host -> {
        throw new AssertionError("an IP literal must not be looked up: " + host);
    });

    @Test
    void refusesEveryNonPublicRangeAndTheIpv6FormsThatCarryOne() throws Exception {
        String[] refused = {"127.0.0.1", "127.255.255.254", "10.0.0.1", "172.16.0.1", "172.31.255.255",
                "192.168.0.1", "169.254.169.254", "169.254.0.1", "100.64.0.1", "100.127.255.255", "0.0.0.0",
                "0.1.2.3", "224.0.0.1", "239.255.255.250", "240.0.0.1", "255.255.255.255", "192.0.0.8", "192.0.2.1",
                "198.18.0.1", "198.51.100.1", "203.0.113.1", "::", "::1", "::ffff:127.0.0.1", "::ffff:10.0.0.1",
                "::ffff:169.254.169.254", "::127.0.0.1", "64:ff9b::a9fe:a9fe", "64:ff9b:1::1", "2002:7f00:1::",
                "2002:a9fe:a9fe::1", "fc00::1", "fd12:3456::1", "fe80::1", "fec0::1", "ff02::1", "2001:db8::1",
                "2001::1", "100::1"};
        for (String address : refused) {
            assertThat(NonPublicAddresses.rangeOf(InetAddress.getByName(address))).as(address).isPresent();
        }
    }

    @Test
    void acceptsPublicAddressesNextToTheRefusedRanges() throws Exception {
        String[] accepted = {"8.8.8.8", "1.1.1.1", "11.0.0.1", "100.63.255.255", "100.128.0.0", "172.15.255.255",
                "172.32.0.0", "169.253.255.255", "192.167.255.255", "223.255.255.255", "2606:4700:4700::1111",
                "2001:4860:4860::8888", "64:ff9b::808:808", "2002:808:808::1"};
        for (String address : accepted) {
            assertThat(NonPublicAddresses.rangeOf(InetAddress.getByName(address))).as(address).isEmpty();
        }
    }

    @Test
    void refusesAPrivateLiteralAtCreationWithASpecificProblemType() {
        for (String url : new String[] {"https://127.0.0.1/hook", "https://10.9.8.7:8443/", "https://[::1]/",
                "https://[::ffff:127.0.0.1]/", "https://169.254.169.254/latest/meta-data/"}) {
            assertThatThrownBy(() -> LITERALS_ONLY.checkNewRoute(WebhookUrl.parse(url))).as(url)
                    .isInstanceOfSatisfying(HubException.Invalid.class, e -> {
                        assertThat(e.type()).isEqualTo("webhook-target-not-public");
                        assertThat(e.getMessage()).endsWith(WebhookTargets.ALLOWANCE_HINT)
                                .doesNotContain("/hook").doesNotContain("meta-data");
                    });
        }
        assertThatThrownBy(() -> LITERALS_ONLY.checkNewRoute(WebhookUrl.parse("https://169.254.169.254/")))
                .hasMessage("webhook receivers must have public addresses: 169.254.169.254 is in the link-local "
                        + "(cloud metadata) range 169.254.0.0/16; " + WebhookTargets.ALLOWANCE_HINT);
        assertThatCode(() -> LITERALS_ONLY.checkNewRoute(WebhookUrl.parse("https://8.8.8.8/hook")))
                .doesNotThrowAnyException();
    }

    @Test
    void aNameIsRefusedWhenAnyOfItsAddressesIsPrivate() {
        WebhookTargets targets = new WebhookTargets(PrivateTargetAllowance.NONE,
                host -> List.of(InetAddress.getByName("8.8.8.8"), InetAddress.getByName("192.168.1.20")));
        assertThatThrownBy(() -> targets.checkNewRoute(WebhookUrl.parse("https://receiver.test/hook")))
                .isInstanceOfSatisfying(HubException.Invalid.class,
                        e -> assertThat(e.getMessage()).startsWith("webhook receivers must have public addresses: "
                                + "receiver.test resolves to 192.168.1.20, which is in the private range "
                                + "192.168.0.0/16"));
    }

    @Test
    void aNameThatDoesNotResolveYetIsAcceptedAtCreationAndCheckedAtDelivery() {
        AtomicInteger lookups = new AtomicInteger();
        WebhookTargets targets = new WebhookTargets(PrivateTargetAllowance.NONE, host -> {
            lookups.incrementAndGet();
            throw new UnknownHostException(host);
        });
        WebhookUrl url = WebhookUrl.parse("https://not-yet.test/hook");
        assertThatCode(() -> targets.checkNewRoute(url)).doesNotThrowAnyException();
        assertThatThrownBy(() -> targets.checkedAddresses(url)).isInstanceOf(UnknownHostException.class);
        assertThat(lookups.get()).isEqualTo(2);
    }

    @Test
    void anAllowanceOpensExactlyItsRanges() throws Exception {
        WebhookTargets targets = new WebhookTargets(
                PrivateTargetAllowance.parse(" 10.20.0.0/16 , 127.0.0.1,fd00:1::/64"),
                HostResolver.SYSTEM);
        assertThat(targets.checkedAddresses(WebhookUrl.parse("https://10.20.3.4/"))).hasSize(1);
        assertThat(targets.checkedAddresses(WebhookUrl.parse("https://127.0.0.1/"))).hasSize(1);
        assertThat(targets.checkedAddresses(WebhookUrl.parse("https://[fd00:1::9]/"))).hasSize(1);
        for (String url : new String[] {"https://10.21.0.1/", "https://127.0.0.2/", "https://[fd00:2::1]/",
                "https://169.254.169.254/"}) {
            assertThatThrownBy(() -> targets.checkedAddresses(WebhookUrl.parse(url))).as(url)
                    .isInstanceOf(HubException.Invalid.class);
        }
    }

    @Test
    void aBadAllowanceNamesItsVariableAndNeverGuessesTheRange() {
        for (String setting : new String[] {"10.0.0.0/33", "10.1.2.3/8", "intranet.local", "10.0.0.0/x",
                "300.1.1.1/32", "fd00::1/200", "10.0.0.0/8;192.168.0.0/16"}) {
            assertThatThrownBy(() -> PrivateTargetAllowance.parse(setting)).as(setting)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("BULWARK_WEBHOOK_ALLOW_PRIVATE_TARGETS must list CIDR ranges");
        }
        assertThat(PrivateTargetAllowance.parse("").ranges()).isEmpty();
        assertThat(PrivateTargetAllowance.parse(null)).isEqualTo(PrivateTargetAllowance.NONE);
        assertThat(PrivateTargetAllowance.parse("192.168.7.9").ranges()).extracting(AddressBlock::toString)
                .containsExactly("192.168.7.9/32");
    }
}
