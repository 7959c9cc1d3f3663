package io.bulwark.device.agent.posture;

import static org.assertj.core.api.Assertions.assertThat;

import io.bulwark.device.agent.EventSequence;
import io.bulwark.device.agent.RecordingUplink;
import io.bulwark.device.agent.SecurityEvents;
import io.bulwark.device.agent.UsbTree;
import io.bulwark.protocol.security.PostureSnapshot;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PostureMonitorTest {
    @TempDir
    Path temp;
    RecordingUplink uplink = new RecordingUplink();
    UsbTree usb;
    PostureMonitor monitor;

    @BeforeEach
    void build() throws Exception {
        usb = new UsbTree(temp.resolve("usb"));
        PostureSources sources = new PostureSources(Fixtures.path("etc/os-release-debian12"), Fixtures.path("proc"),
                usb.root(), temp.resolve("noefi"), temp.resolve("noclam"), false, Duration.ofSeconds(5));
        SecurityEvents events = new SecurityEvents(EventSequence.open(temp.resolve("seq")), uplink, Clock.systemUTC());
        monitor = new PostureMonitor(new PostureCollector(sources, new CommandRunner()), events, uplink,
                new PostureMonitor.AgentIdentity("gateway", "fw-2.1", "0.1.0"), Clock.systemUTC());
    }

    @Test
    void sendsTheFirstReadingAndThenOnlyChanges() throws Exception {
        assertThat(monitor.check()).isTrue();
        assertThat(monitor.check()).isFalse();
        assertThat(uplink.events).hasSize(1);

        usb.attach("2-1", "046d", "c52b", "Logitech", "USB Receiver");

        assertThat(monitor.check()).isTrue();
        assertThat(uplink.events).hasSize(2);
        PostureSnapshot changed = (PostureSnapshot) uplink.events.get(1).detail();
        assertThat(changed.usbDevices()).extracting(PostureSnapshot.UsbDevice::vendorId).containsExactly("046d");
        assertThat(uplink.events.get(1).sequence()).isEqualTo(uplink.events.get(0).sequence() + 1);
    }

    @Test
    @SuppressWarnings("unchecked")
    void summarisesThePostureInTheTwin() {
        monitor.check();

        Map<String, Object> agent = (Map<String, Object>) uplink.summaries.get(0).get("bulwarkAgent");
        Map<String, Object> posture = (Map<String, Object>) agent.get("posture");
        assertThat(agent).containsEntry("deviceClass", "gateway").containsEntry("version", "0.1.0")
                .containsKey("bootId");
        assertThat(posture).containsEntry("os", "debian 12").containsEntry("kernel", "6.1.0-27-amd64")
                .containsEntry("firmware", "fw-2.1").containsEntry("openPorts", 9).containsEntry("usbDevices", 0)
                .containsEntry("firewall", null).containsKey("collectedAt");
    }

    @Test
    void aTwinSummaryThatFailedIsSentAgainAtTheNextCheck() throws Exception {
        java.util.concurrent.atomic.AtomicInteger attempts = new java.util.concurrent.atomic.AtomicInteger();
        io.bulwark.device.agent.AgentUplink offlineOnce = new io.bulwark.device.agent.AgentUplink() {
            @Override
            public java.util.concurrent.CompletableFuture<Void> send(io.bulwark.protocol.security.SecurityEvent event) {
                return uplink.send(event);
            }

            @Override
            public java.util.concurrent.CompletableFuture<Void> reportSummary(Map<String, Object> summary) {
                if (attempts.incrementAndGet() == 1) {
                    return java.util.concurrent.CompletableFuture.failedFuture(new IllegalStateException("offline"));
                }
                return uplink.reportSummary(summary);
            }
        };
        PostureSources sources = new PostureSources(Fixtures.path("etc/os-release-debian12"), Fixtures.path("proc"),
                usb.root(), temp.resolve("noefi"), temp.resolve("noclam"), false, Duration.ofSeconds(5));
        PostureMonitor retrying = new PostureMonitor(new PostureCollector(sources, new CommandRunner()),
                new SecurityEvents(EventSequence.open(temp.resolve("seq2")), offlineOnce, Clock.systemUTC()),
                offlineOnce, new PostureMonitor.AgentIdentity("gateway", "fw-2.1", "0.1.0"), Clock.systemUTC());

        retrying.check();
        assertThat(uplink.summaries).isEmpty();
        retrying.check();
        retrying.check();

        assertThat(uplink.summaries).hasSize(1);
        assertThat(uplink.events).hasSize(1);
    }
}
