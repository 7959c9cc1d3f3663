package io.bulwark.device.agent.usb;

import static org.assertj.core.api.Assertions.assertThat;

import io.bulwark.device.agent.EventSequence;
import io.bulwark.device.agent.RecordingUplink;
import io.bulwark.device.agent.SecurityEvents;
import io.bulwark.device.agent.UsbTree;
import io.bulwark.device.agent.posture.UsbSysfs;
import io.bulwark.protocol.security.PhysicalAccess;
import io.bulwark.protocol.security.PhysicalAccess.Action;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UsbWatcherTest {
    @TempDir
    Path temp;
    RecordingUplink uplink = new RecordingUplink();
    UsbTree tree;
    UsbWatcher watcher;

    @BeforeEach
    void build() throws Exception {
        tree = new UsbTree(temp.resolve("devices")).attach("1-1", "8087", "0024", null, null);
        watcher = new UsbWatcher(new UsbSysfs(tree.root()),
                new SecurityEvents(EventSequence.open(temp.resolve("seq")), uplink, Clock.systemUTC()));
    }

    @Test
    void devicesPresentAtStartAreNotAttachEvents() {
        assertThat(watcher.poll()).isEmpty();
        assertThat(uplink.events).isEmpty();
    }

    @Test
    void reportsAnAttachedDeviceWithItsIdsAndPort() throws Exception {
        watcher.poll();
        tree.attach("1-1.3", "0781", "5567", "SanDisk", "Cruzer Blade");

        assertThat(watcher.poll()).containsExactly(
                new PhysicalAccess(Action.ATTACHED, "usb", "1-1.3", "0781", "5567", "SanDisk", "Cruzer Blade"));
        assertThat(uplink.events).singleElement().satisfies(event -> {
            assertThat(event.detail()).isInstanceOf(PhysicalAccess.class);
            assertThat(event.sequence()).isEqualTo(1);
        });
    }

    @Test
    void reportsARemovedDevice() throws Exception {
        tree.attach("1-1.3", "0781", "5567", "SanDisk", "Cruzer Blade");
        watcher.poll();
        tree.remove("1-1.3");

        assertThat(watcher.poll()).containsExactly(
                new PhysicalAccess(Action.REMOVED, "usb", "1-1.3", "0781", "5567", "SanDisk", "Cruzer Blade"));
        assertThat(watcher.poll()).isEmpty();
    }

    @Test
    void aDeviceSwappedOnTheSamePortBetweenPollsIsARemovalAndAnAttach() throws Exception {
        tree.attach("1-2", "0781", "5567", "SanDisk", "Cruzer Blade");
        watcher.poll();
        tree.remove("1-2").attach("1-2", "0781", "5567", "SanDisk", "Cruzer Blade");

        assertThat(watcher.poll()).extracting(PhysicalAccess::action).containsExactly(Action.REMOVED, Action.ATTACHED);
        assertThat(uplink.events).extracting(event -> event.sequence()).containsExactly(1L, 2L);
    }

    @Test
    void rootHubsAndInterfacesAreNotDevices() {
        assertThat(new UsbSysfs(tree.root()).read()).extracting(present -> present.device().port())
                .containsExactly("1-1");
    }
}
