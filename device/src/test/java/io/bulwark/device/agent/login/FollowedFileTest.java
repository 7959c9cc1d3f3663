package io.bulwark.device.agent.login;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FollowedFileTest {
    @TempDir
    Path temp;
    final List<String> lines = new CopyOnWriteArrayList<>();

    Path log() {
        return temp.resolve("auth.log");
    }

    void append(String text) throws Exception {
        Files.writeString(log(), text, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    FollowedFile follower() {
        return new FollowedFile(log(), temp.resolve("auth-log.position"), lines::add);
    }

    @Test
    void startsAtTheEndAndDoesNotReplayHistory() throws Exception {
        append("old line 1\nold line 2\n");
        FollowedFile follower = follower();
        follower.poll();

        append("new line\n");
        follower.poll();

        assertThat(lines).containsExactly("new line");
    }

    @Test
    void handsOverOnlyCompleteLines() throws Exception {
        append("");
        FollowedFile follower = follower();
        follower.poll();
        append("half a ");
        follower.poll();
        assertThat(lines).isEmpty();

        append("line\n");
        follower.poll();
        assertThat(lines).containsExactly("half a line");
    }

    @Test
    void followsARotationAndReadsTheOldFilesLastLinesFirst() throws Exception {
        append("");
        FollowedFile follower = follower();
        follower.poll();
        append("before rotation\n");
        Files.move(log(), temp.resolve("auth.log.1"));
        Files.writeString(temp.resolve("auth.log.1"), "written after the rename\n", StandardOpenOption.APPEND);
        append("in the new file\n");

        follower.poll();

        assertThat(lines).containsExactly("before rotation", "written after the rename", "in the new file");
    }

    @Test
    void aFileThatAppearsAfterRotationIsReadFromItsStart() throws Exception {
        append("");
        FollowedFile follower = follower();
        follower.poll();
        Files.move(log(), temp.resolve("auth.log.1"));
        follower.poll();
        append("first line of the new file\n");

        follower.poll();

        assertThat(lines).containsExactly("first line of the new file");
    }

    @Test
    void aTruncatedFileIsReadAgainFromItsStart() throws Exception {
        append("a long line that will be cut away by copytruncate\n");
        FollowedFile follower = follower();
        follower.poll();
        Files.writeString(log(), "");
        append("after\n");

        follower.poll();

        assertThat(lines).containsExactly("after");
    }

    @Test
    void aRestartedFollowerResumesWhereItStopped() throws Exception {
        append("history\n");
        FollowedFile first = follower();
        first.poll();
        append("seen\n");
        first.poll();
        first.close();
        append("written while the agent was down\n");

        FollowedFile restarted = follower();
        restarted.poll();

        assertThat(lines).containsExactly("seen", "written while the agent was down");
    }

    @Test
    void aRestartAfterTheFileWasReplacedStartsAtTheEndOfTheNewOne() throws Exception {
        append("history\n");
        FollowedFile first = follower();
        first.poll();
        first.close();
        Files.delete(log());
        append("a new file's history\n");

        FollowedFile restarted = follower();
        restarted.poll();
        append("new\n");
        restarted.poll();

        assertThat(lines).containsExactly("new");
    }

    @Test
    void aMissingFileIsWaitedFor() throws Exception {
        FollowedFile follower = follower();
        follower.poll();
        append("created later\n");
        follower.poll();
        append("more\n");
        follower.poll();

        assertThat(lines).containsExactly("created later", "more");
    }
}
