package io.bulwark.device.agent.posture;

import static org.assertj.core.api.Assertions.assertThat;

import io.bulwark.protocol.security.PostureSnapshot.ListeningPort;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProcNetSocketsTest {
    private final ProcNetSockets littleEndian = new ProcNetSockets(true);

    @Test
    void tcpListensOnlyInStateListenWithByteReversedIpv4() {
        assertThat(littleEndian.parse("tcp", 4, Fixtures.text("proc/net/tcp"))).containsExactly(
                new ListeningPort("tcp", 4, "0.0.0.0", 22),
                new ListeningPort("tcp", 4, "127.0.0.53", 53),
                new ListeningPort("tcp", 4, "127.0.0.1", 631));
    }

    @Test
    void tcp6ReadsFourByteReversedWordsAndWritesRfc5952Text() {
        assertThat(littleEndian.parse("tcp", 6, Fixtures.text("proc/net/tcp6"))).containsExactly(
                new ListeningPort("tcp", 6, "::", 22),
                new ListeningPort("tcp", 6, "::1", 631),
                new ListeningPort("tcp", 6, "fe80::a0c:25ff:fe2e:1b4b", 8080));
    }

    @Test
    void udpCountsUnconnectedSocketsAndSkipsConnectedOnes() {
        assertThat(littleEndian.parse("udp", 4, Fixtures.text("proc/net/udp"))).containsExactly(
                new ListeningPort("udp", 4, "127.0.0.53", 53),
                new ListeningPort("udp", 4, "0.0.0.0", 68));
        assertThat(littleEndian.parse("udp", 6, Fixtures.text("proc/net/udp6"))).containsExactly(
                new ListeningPort("udp", 6, "::", 5353),
                new ListeningPort("udp", 6, "::", 5353));
    }

    @Test
    void ipv4MappedAddressesStayIpv6AndAreWrittenDotted() {
        String line = "   0: 0000000000000000FFFF00000F02000A:0050 00000000000000000000000000000000:0000 0A "
                + "00000000:00000000 00:00000000 00000000     0        0 1 1 0000000000000000 100 0 0 10 0\n";
        assertThat(littleEndian.parse("tcp", 6, line))
                .containsExactly(new ListeningPort("tcp", 6, "::ffff:10.0.2.15", 80));
    }

    @Test
    void bigEndianMachinesPrintAddressesInNetworkOrder() {
        String line = "   0: 7F000001:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000 0 0 1 1 0 100 0 0 10 0\n";
        assertThat(new ProcNetSockets(false).parse("tcp", 4, line))
                .containsExactly(new ListeningPort("tcp", 4, "127.0.0.1", 8080));
    }

    @Test
    void garbageLinesAreSkipped() {
        assertThat(littleEndian.parse("tcp", 4, "nonsense\n  0: ZZZZ:0016 x 0A\n   1: 00000000:GGGG 0 0A\n")).isEmpty();
    }

    @Test
    void parsesThisMachinesSocketTables() throws Exception {
        ProcNetSockets sockets = ProcNetSockets.forThisMachine();
        for (String table : List.of("tcp", "tcp6", "udp", "udp6")) {
            Path file = Path.of("/proc/net", table);
            if (!Files.exists(file)) {
                continue;
            }
            String content = Files.readString(file);
            String state = table.startsWith("tcp") ? "0A" : "07";
            long expected = content.lines().skip(1).map(line -> line.strip().split("\\s+"))
                    .filter(fields -> fields.length > 3 && fields[3].equals(state)).count();
            List<ListeningPort> ports = sockets.parse(table.substring(0, 3), table.endsWith("6") ? 6 : 4, content);
            assertThat(ports).hasSize((int) expected);
            assertThat(ports).allSatisfy(port -> {
                assertThat(port.port()).isBetween(0, 65535);
                assertThat(port.ipVersion()).isEqualTo(table.endsWith("6") ? 6 : 4);
            });
        }
    }
}
