package io.bulwark.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SourceAddressesTest {

    @Test
    void startsAtTheFirstLoopbackAddressAfterTheBrokers() {
        assertThat(SourceAddresses.address(0)).isEqualTo("127.0.0.2");
        assertThat(SourceAddresses.address(252)).isEqualTo("127.0.0.254");
    }

    @Test
    void skipsNetworkAndBroadcastEndings() {
        assertThat(SourceAddresses.address(253)).isEqualTo("127.0.1.1");
        assertThat(SourceAddresses.address(253 + 253)).isEqualTo("127.0.1.254");
        assertThat(SourceAddresses.address(253 + 254)).isEqualTo("127.0.2.1");
        assertThat(SourceAddresses.address(253 + 254 * 255)).isEqualTo("127.1.0.1");
    }

    @Test
    void neverHandsOutTheSameAddressTwiceAndStaysInLoopback() {
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (int i = 0; i < 200_000; i++) {
            String address = SourceAddresses.address(i);
            assertThat(address).startsWith("127.").doesNotEndWith(".0").doesNotEndWith(".255")
                    .isNotEqualTo("127.0.0.1");
            assertThat(seen.add(address)).as(address).isTrue();
        }
        assertThat(SourceAddresses.address(SourceAddresses.CAPACITY - 1)).isEqualTo("127.255.255.254");
        assertThatThrownBy(() -> SourceAddresses.address(SourceAddresses.CAPACITY))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void putsAtMostPerAddressConnectionsOnEachAddress() {
        SourceAddresses sources = new SourceAddresses(200, 0);
        Map<String, Integer> perAddress = new HashMap<>();
        for (int i = 0; i < 50_000; i++) {
            InetSocketAddress next = sources.next();
            assertThat(next.getPort()).isZero();
            perAddress.merge(next.getHostString(), 1, Integer::sum);
        }
        assertThat(perAddress).hasSize(250);
        assertThat(perAddress.values()).containsOnly(200);
        assertThat(sources.addressesUsed()).isEqualTo(250);
    }

    @Test
    void twoDriversWithDifferentFirstAddressesShareNone() {
        SourceAddresses first = new SourceAddresses(10, 0);
        SourceAddresses second = new SourceAddresses(10, 100);
        List<String> a = new ArrayList<>();
        List<String> b = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            a.add(first.next().getHostString());
            b.add(second.next().getHostString());
        }
        assertThat(a).doesNotContainAnyElementsOf(b);
        assertThat(b.get(0)).isEqualTo(SourceAddresses.address(100));
    }

    @Test
    void refusesNonsense() {
        assertThatThrownBy(() -> new SourceAddresses(0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SourceAddresses(1, -1)).isInstanceOf(IllegalArgumentException.class);
    }
}
