package io.bulwark.device.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectoryOutboxTest {

    @TempDir
    Path folder;

    private DeviceMessage message(String id) {
        return DeviceMessage.builder().messageId(id).body("body of " + id).contentType("text/plain")
                .property("k", "v").build();
    }

    @Test
    void messagesSurviveANewOutboxOverTheSameDirectoryOldestFirstWithTheirIds() {
        Path dir = folder.resolve("outbox");
        DirectoryOutbox first = new DirectoryOutbox(dir, 100, 1 << 20, DirectoryOutbox.OverflowPolicy.REFUSE_NEW);
        first.append(message("a"));
        OutboxEntry b = first.append(message("b")).entry();
        first.append(message("c"));
        first.remove(b);

        DirectoryOutbox second = new DirectoryOutbox(dir, 100, 1 << 20, DirectoryOutbox.OverflowPolicy.REFUSE_NEW);
        assertThat(second.entries()).extracting(entry -> entry.message().messageId()).containsExactly("a", "c");
        assertThat(second.entries().get(0).message()).isEqualTo(message("a"));
        OutboxEntry d = second.append(message("d")).entry();
        assertThat(d.sequence()).as("numbering continues after what was left").isGreaterThan(
                second.entries().get(1).sequence());
    }

    @Test
    void createsItsDirectoryOwnerOnly() throws Exception {
        Path dir = folder.resolve("private");
        new DirectoryOutbox(dir, 10, 4096, DirectoryOutbox.OverflowPolicy.REFUSE_NEW);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
    }

    @Test
    void fullOutboxRefusesNewMessagesByCountAndByBytes() {
        DirectoryOutbox byCount = new DirectoryOutbox(folder.resolve("count"), 2, 1 << 20,
                DirectoryOutbox.OverflowPolicy.REFUSE_NEW);
        byCount.append(message("a"));
        byCount.append(message("b"));
        assertThatThrownBy(() -> byCount.append(message("c"))).isInstanceOf(OutboxFullException.class);
        assertThat(byCount.size()).isEqualTo(2);

        DirectoryOutbox byBytes = new DirectoryOutbox(folder.resolve("bytes"), 1000, 2048,
                DirectoryOutbox.OverflowPolicy.REFUSE_NEW);
        assertThatThrownBy(() -> byBytes.append(DeviceMessage.of(new byte[4096])))
                .isInstanceOf(OutboxFullException.class);
        List<OutboxEntry> stored = new ArrayList<>();
        assertThatThrownBy(() -> {
            while (true) {
                stored.add(byBytes.append(DeviceMessage.of(new byte[200])).entry());
            }
        }).isInstanceOf(OutboxFullException.class);
        assertThat(byBytes.bytes()).isLessThanOrEqualTo(2048);
    }

    @Test
    void dropOldestMakesRoomAndSaysWhatItDropped() {
        DirectoryOutbox outbox = new DirectoryOutbox(folder.resolve("drop"), 2, 1 << 20,
                DirectoryOutbox.OverflowPolicy.DROP_OLDEST);
        OutboxEntry a = outbox.append(message("a")).entry();
        outbox.append(message("b"));
        DirectoryOutbox.Appended c = outbox.append(message("c"));
        assertThat(c.dropped()).containsExactly(a);
        assertThat(outbox.entries()).extracting(entry -> entry.message().messageId()).containsExactly("b", "c");
    }

    @Test
    void unfinishedWritesAreDiscardedAndDamagedFilesSetAsideAndReported() throws Exception {
        Path dir = folder.resolve("damaged");
        DirectoryOutbox first = new DirectoryOutbox(dir, 10, 1 << 20, DirectoryOutbox.OverflowPolicy.REFUSE_NEW);
        first.append(message("good"));
        Files.writeString(dir.resolve("00000000000000000007.msg.tmp"), "{\"half");
        Files.writeString(dir.resolve("00000000000000000005.msg"), "not json");
        List<String> problems = new ArrayList<>();
        DirectoryOutbox second = new DirectoryOutbox(dir, 10, 1 << 20, DirectoryOutbox.OverflowPolicy.REFUSE_NEW,
                problems::add);
        assertThat(second.entries()).extracting(entry -> entry.message().messageId()).containsExactly("good");
        assertThat(problems).singleElement().asString().contains("00000000000000000005.msg");
        assertThat(dir.resolve("00000000000000000005.msg.corrupt")).exists();
        assertThat(dir.resolve("00000000000000000007.msg.tmp")).doesNotExist();
    }
}
