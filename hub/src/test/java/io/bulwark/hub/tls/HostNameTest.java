package io.bulwark.hub.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class HostNameTest {

    @Test
    void recognisesIpLiteralsWithoutResolvingAnything() {
        assertThat(HostName.parse("127.0.0.1")).isEqualTo(new HostName("127.0.0.1", true));
        assertThat(HostName.parse("::1")).isEqualTo(new HostName("::1", true));
        assertThat(HostName.parse("[::1]")).isEqualTo(new HostName("::1", true));
        assertThat(HostName.parse("0:0:0:0:0:0:0:1")).isEqualTo(new HostName("::1", true));
        assertThat(HostName.parse("2001:DB8:0:0:1:0:0:1")).isEqualTo(new HostName("2001:db8::1:0:0:1", true));
        assertThat(HostName.parse("fe80:0:0:0:0:0:0:0")).isEqualTo(new HostName("fe80::", true));
        assertThat(HostName.parse("::ffff:192.0.2.1")).isEqualTo(new HostName("192.0.2.1", true));
    }

    @Test
    void treatsEverythingElseAsALowerCasedDnsName() {
        assertThat(HostName.parse(" Hub.Example.COM ")).isEqualTo(new HostName("hub.example.com", false));
        assertThat(HostName.parse("localhost")).isEqualTo(new HostName("localhost", false));
        assertThat(HostName.parse("*.hubs.example.com").ipAddress()).isFalse();
        // A name that cannot resolve is still accepted: nothing is looked up.
        assertThat(HostName.parse("no-such-host.invalid").ipAddress()).isFalse();
    }

    @Test
    void refusesWhatIsNeitherANameNorAnAddress() {
        for (String bad : List.of("", " ", "999.1.1.1", "10.0.1", "a b", "a..b", "-a", "a-", "hub.example.com/x",
                "fe80::1%eth0", "user@hub", "a.*.example.com")) {
            assertThatThrownBy(() -> HostName.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void becomesTheMatchingSanType() {
        assertThat(HostName.parse("::1").toGeneralName().getTagNo()).isEqualTo(7);
        assertThat(HostName.parse("localhost").toGeneralName().getTagNo()).isEqualTo(2);
    }
}
