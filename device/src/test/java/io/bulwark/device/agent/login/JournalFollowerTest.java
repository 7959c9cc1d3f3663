package io.bulwark.device.agent.login;

import static org.assertj.core.api.Assertions.assertThat;

import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalFollowerTest {
    @Test
    void handsOverTheProgramAndMessageOfEachJsonEntry() {
        List<String> seen = new ArrayList<>();
        JournalFollower follower = new JournalFollower(Path.of("/bin/journalctl"), Path.of("cursor"),
                (program, message) -> seen.add(program + ": " + message));

        follower.accept("{\"__CURSOR\":\"s=1\",\"SYSLOG_IDENTIFIER\":\"sshd\",\"_PID\":\"2240\",\"MESSAGE\":"
                + "\"Failed password for root from 203.0.113.9 port 40022 ssh2\"}");
        follower.accept("{\"SYSLOG_IDENTIFIER\":\"kernel\",\"MESSAGE\":[104,105,255]}");
        follower.accept("not json");

        assertThat(seen).containsExactly("sshd: Failed password for root from 203.0.113.9 port 40022 ssh2");
    }

    @Test
    void runsJournalctlFollowingFromTheEndWithACursorFileAndReadsItsOutput(@TempDir Path temp) throws Exception {
        // A stand-in for journalctl that records its arguments and prints one entry, as journalctl -o json does.
        Path journalctl = temp.resolve("journalctl");
        Files.writeString(journalctl, "#!/bin/sh\necho \"$@\" > " + temp.resolve("args") + "\n"
                + "echo '{\"SYSLOG_IDENTIFIER\":\"sshd\",\"MESSAGE\":\"Accepted publickey for ops from 192.0.2.10 port 1 ssh2\"}'\n"
                + "exec sleep 30\n");
        Files.setPosixFilePermissions(journalctl, PosixFilePermissions.fromString("rwx------"));
        List<String> seen = new CopyOnWriteArrayList<>();
        try (JournalFollower follower = new JournalFollower(journalctl, temp.resolve("journal.cursor"),
                (program, message) -> seen.add(program + ": " + message))) {
            follower.poll();

            await().atMost(Duration.ofSeconds(30)).until(() -> !seen.isEmpty());
            assertThat(seen).containsExactly("sshd: Accepted publickey for ops from 192.0.2.10 port 1 ssh2");
            assertThat(Files.readString(temp.resolve("args")).strip())
                    .isEqualTo("-f -o json -q --cursor-file=" + temp.resolve("journal.cursor") + " -n 0");
        }
    }
}
