package io.bulwark.device.agent.login;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

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
}
