package io.bulwark.device.agent.posture;

import static org.assertj.core.api.Assertions.assertThat;

import io.bulwark.device.agent.UsbTree;
import io.bulwark.protocol.security.PostureSnapshot;
import io.bulwark.protocol.security.PostureSnapshot.ListeningPort;
import io.bulwark.protocol.security.PostureSnapshot.OperatingSystem;
import io.bulwark.protocol.security.PostureSnapshot.UsbDevice;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PostureCollectorTest {
    @TempDir
    Path temp;

    @Test
    void readsEverySourceOfAFixtureMachine() throws Exception {
        new UsbTree(temp.resolve("usb")).attach("1-1.2", "0781", "5567", "SanDisk", "Cruzer Blade");
        Path efivars = Files.createDirectories(temp.resolve("efivars"));
        Files.write(efivars.resolve(SecureBootVariable.FILE_NAME), new byte[] {6, 0, 0, 0, 1});
        Path clamav = Files.createDirectories(temp.resolve("clamav"));
        byte[] header = new byte[512];
        byte[] text = "ClamAV-VDB:14 Nov 2023 09-32 +0000:27094:2044560:90:x:y:z:1699954320"
                .getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(text, 0, header, 0, text.length);
        Files.write(clamav.resolve("daily.cld"), header);
        PostureSources sources = new PostureSources(Fixtures.path("etc/os-release-debian12"), Fixtures.path("proc"),
                temp.resolve("usb"), efivars, clamav, false, Duration.ofSeconds(5));

        CollectedPosture posture = new PostureCollector(sources, new CommandRunner()).collect();
        PostureSnapshot snapshot = posture.toSnapshot("fw-2.1", "0.1.0", Instant.ofEpochSecond(1699954320 + 3600));

        assertThat(snapshot.os()).isEqualTo(new OperatingSystem("debian", "Debian GNU/Linux", "12"));
        assertThat(snapshot.kernel()).isEqualTo("6.1.0-27-amd64");
        assertThat(snapshot.firmwareVersion()).isEqualTo("fw-2.1");
        // tcp 3 + tcp6 3 + udp 2 + udp6 1 (the two mDNS sockets on one address are one listening port)
        assertThat(snapshot.listeningPorts()).hasSize(9).startsWith(new ListeningPort("tcp", 4, "0.0.0.0", 22));
        assertThat(snapshot.usbDevices()).containsExactly(
                new UsbDevice("1-1.2", "0781", "5567", "SanDisk", "Cruzer Blade"));
        assertThat(snapshot.secureBoot()).isTrue();
        assertThat(snapshot.antivirus().product()).isEqualTo("clamav");
        assertThat(snapshot.antivirus().signatureAgeSeconds()).isEqualTo(3600);
        assertThat(snapshot.firewall()).isNull();
        assertThat(snapshot.pendingSecurityUpdates()).isNull();
    }

    @Test
    void sourcesThisMachineLacksAreNullNotGuesses() {
        PostureSources sources = new PostureSources(temp.resolve("none"), temp.resolve("noproc"),
                temp.resolve("nousb"), temp.resolve("noefi"), temp.resolve("noclam"), false, Duration.ofSeconds(5));

        PostureSnapshot snapshot = new PostureCollector(sources, new CommandRunner()).collect()
                .toSnapshot(null, "0.1.0", Instant.now());

        assertThat(snapshot.kernel()).isNull();
        assertThat(snapshot.listeningPorts()).isEmpty();
        assertThat(snapshot.usbDevices()).isEmpty();
        assertThat(snapshot.secureBoot()).isNull();
        assertThat(snapshot.antivirus()).isNull();
    }

    @Test
    void readsThisMachinesLivePostureIncludingItsTools() {
        PostureCollector collector = new PostureCollector(PostureSources.linuxDefaults(), new CommandRunner());

        PostureSnapshot snapshot = collector.collect().toSnapshot(null, "0.1.0", Instant.now());

        assertThat(snapshot.os()).isNotNull();
        assertThat(snapshot.kernel()).matches("\\d+\\.\\d+.*");
        assertThat(snapshot.listeningPorts()).allSatisfy(port -> assertThat(port.port()).isBetween(0, 65535));
        assertThat(snapshot.listeningPorts()).doesNotHaveDuplicates();
        if (new CommandRunner().find("apt-get").isPresent()) {
            assertThat(snapshot.pendingSecurityUpdates()).isNotNull().isNotNegative();
        }
        if (new CommandRunner().find("nft").isEmpty() && new CommandRunner().find("iptables").isEmpty()) {
            assertThat(snapshot.firewall()).isNull();
        }
    }

    @Test
    void aHungToolIsKilledAtItsDeadline() {
        long start = System.nanoTime();
        assertThat(new CommandRunner().run(Duration.ofMillis(300), java.util.List.of("sleep", "30"))).isEmpty();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
    }

    @Test
    void aSnapshotOfAMachineWithVeryManySocketsStaysInsideTheEventSizeLimit() throws Exception {
        Path net = Files.createDirectories(temp.resolve("proc/net"));
        StringBuilder tcp6 = new StringBuilder("  sl  local_address remote_address st\n");
        for (int port = 1; port <= 2000; port++) {
            tcp6.append(String.format("%4d: 000080FE00000000FF250C0A4B1B2EFE:%04X 00000000000000000000000000000000:0000 0A "
                    + "00000000:00000000 00:00000000 00000000  1000        0 1 1 0000000000000000 100 0 0 10 0%n",
                    port, port));
        }
        Files.writeString(net.resolve("tcp6"), tcp6);
        PostureSources sources = new PostureSources(Fixtures.path("etc/os-release-debian12"), temp.resolve("proc"),
                temp.resolve("nousb"), temp.resolve("noefi"), temp.resolve("noclam"), false, Duration.ofSeconds(5));
        PostureSnapshot snapshot = new PostureCollector(sources, new CommandRunner()).collect()
                .toSnapshot("fw", "0.1.0", Instant.now());

        byte[] body = new io.bulwark.protocol.security.SecurityEventCodec()
                .encode(io.bulwark.protocol.security.SecurityEvent.of(1, "boot", Instant.now(), snapshot));

        assertThat(snapshot.listeningPorts()).hasSize(PostureCollector.MAX_PORTS);
        assertThat(body.length).isLessThan(io.bulwark.protocol.security.SecurityEventCodec.MAX_BYTES);
    }
}
