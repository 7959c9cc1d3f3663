package io.bulwark.device.agent.tamper;

import static org.assertj.core.api.Assertions.assertThat;

import io.bulwark.device.agent.EventSequence;
import io.bulwark.device.agent.RecordingUplink;
import io.bulwark.device.agent.SecurityEvents;
import io.bulwark.protocol.security.Tamper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** S-MON-1: a cover switch on a GPIO line, as {@code /sys/class/gpio/gpio17/value} shows it ("0\n" or "1\n"). */
class TamperInputWatcherTest {
    @TempDir
    Path temp;
    RecordingUplink uplink = new RecordingUplink();
    Path gpio;
    TamperInputWatcher watcher;

    @BeforeEach
    void build() throws Exception {
        gpio = temp.resolve("value");
        Files.writeString(gpio, "0\n");
        watcher = new TamperInputWatcher(gpio, "1", "cover-open",
                new SecurityEvents(EventSequence.open(temp.resolve("seq")), uplink, Clock.systemUTC()));
    }

    @Test
    void emitsOnceWhenTheInputBecomesTampered() throws Exception {
        assertThat(watcher.poll()).isEmpty();
        Files.writeString(gpio, "1\n");

        assertThat(watcher.poll()).hasValueSatisfying(tamper -> {
            assertThat(tamper.kind()).isEqualTo("cover-open");
            assertThat(tamper.detail()).contains(gpio.toString());
        });
        assertThat(watcher.poll()).isEmpty();
        assertThat(uplink.events).singleElement().satisfies(event -> assertThat(event.detail()).isInstanceOf(Tamper.class));
    }

    @Test
    void emitsAgainAfterTheInputWentBackToNormal() throws Exception {
        Files.writeString(gpio, "1\n");
        watcher.poll();
        Files.writeString(gpio, "0\n");
        watcher.poll();
        Files.writeString(gpio, "1\n");
        watcher.poll();

        assertThat(uplink.events).hasSize(2);
    }

    @Test
    void anInputAlreadyTamperedAtStartIsReported() throws Exception {
        Files.writeString(gpio, "1\n");

        assertThat(watcher.poll()).isPresent();
    }

    @Test
    void anUnreadableInputEmitsNothing() throws Exception {
        Files.delete(gpio);

        assertThat(watcher.poll()).isEmpty();
        assertThat(uplink.events).isEmpty();
    }
}
