package io.bulwark.device.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventSequenceTest {
    @TempDir
    Path state;

    @Test
    void numbersGoOnAcrossARestartUnderTheSameBootId() {
        Path file = state.resolve("sequence.properties");
        EventSequence first = EventSequence.open(file);
        assertThat(first.next()).isEqualTo(1);
        assertThat(first.next()).isEqualTo(2);

        EventSequence restarted = EventSequence.open(file);

        assertThat(restarted.bootId()).isEqualTo(first.bootId());
        assertThat(restarted.next()).isEqualTo(3);
    }

    @Test
    void lostStateStartsANewBootIdAtOne() throws Exception {
        Path file = state.resolve("sequence.properties");
        EventSequence first = EventSequence.open(file);
        first.next();
        Files.delete(file);

        EventSequence fresh = EventSequence.open(file);

        assertThat(fresh.bootId()).isNotEqualTo(first.bootId());
        assertThat(fresh.next()).isEqualTo(1);
    }

    @Test
    void damagedStateIsNotTrustedAndStartsANewBootId() throws Exception {
        Path file = state.resolve("sequence.properties");
        EventSequence first = EventSequence.open(file);
        first.next();
        Files.writeString(file, "bootId=" + first.bootId() + "\nlastSequence=-5\n");

        EventSequence reopened = EventSequence.open(file);

        assertThat(reopened.bootId()).isNotEqualTo(first.bootId());
        assertThat(reopened.next()).isEqualTo(1);
    }

    @Test
    void stateFileIsReadableByItsOwnerOnly() throws Exception {
        Path file = state.resolve("sequence.properties");
        EventSequence.open(file).next();

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(Files.readString(file)).contains("lastSequence=1");
        assertThat(state.resolve("sequence.properties.tmp")).doesNotExist();
    }
}
