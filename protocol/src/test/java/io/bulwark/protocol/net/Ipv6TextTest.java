package io.bulwark.protocol.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class Ipv6TextTest {

    @Test
    void writesTheCanonicalFormOfRfc5952() throws Exception {
        assertThat(text("::")).isEqualTo("::");
        assertThat(text("::1")).isEqualTo("::1");
        assertThat(text("2001:db8:0:0:0:0:2:1")).isEqualTo("2001:db8::2:1");
        assertThat(text("2001:db8:0:1:1:1:1:1")).as("a single zero group stays").isEqualTo("2001:db8:0:1:1:1:1:1");
        assertThat(text("2001:0:0:1:0:0:0:1")).as("the longest run wins").isEqualTo("2001:0:0:1::1");
        assertThat(text("2001:db8:0:0:1:0:0:1")).as("the first of equal runs").isEqualTo("2001:db8::1:0:0:1");
        assertThat(text("FE80:0:0:0:0:0:0:ABCD")).isEqualTo("fe80::abcd");
    }

    @Test
    void refusesAnythingButSixteenBytes() {
        assertThatThrownBy(() -> Ipv6Text.of(new byte[4])).isInstanceOf(IllegalArgumentException.class);
    }

    private static String text(String address) throws Exception {
        return Ipv6Text.of(InetAddress.getByName(address).getAddress());
    }
}
