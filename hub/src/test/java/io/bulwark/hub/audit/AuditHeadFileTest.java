package io.bulwark.hub.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bulwark.hub.secrets.OwnerOnlyFiles;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * S-AUD-1: the head file is the witness that the newest records were not cut off. It is written in place, one of two
 * checksummed slots at a time, so a torn write must leave the previous head readable, never garbage or a head naming
 * a record that was not stored.
 */
class AuditHeadFileTest {

    private static final String HASH_5 = "5".repeat(64);
    private static final String HASH_6 = "6".repeat(64);
    private static final String HASH_7 = "7".repeat(64);

    @TempDir
    Path dir;

    @Test
    void readsBackTheNewestHeadWritten() {
        Path path = dir.resolve("audit.head");
        try (AuditHeadFile head = new AuditHeadFile(path)) {
            assertThat(head.read()).isEmpty();
            head.write(new AuditHead(5, HASH_5));
            head.write(new AuditHead(6, HASH_6));
            head.write(new AuditHead(7, HASH_7));
            assertThat(head.read()).contains(new AuditHead(7, HASH_7));
        }
        assertThat(new AuditHeadFile(path).read()).contains(new AuditHead(7, HASH_7));
    }

    @Test
    void isOwnerOnlyAndOfFixedSize() throws Exception {
        Path path = headsFiveThenSix();
        assertThat(Files.size(path)).isEqualTo(AuditHeadFile.FILE_SIZE);
        assertThat(Files.getPosixFilePermissions(path))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    }

    @Test
    void aTornSlotLeavesThePreviousHead() throws Exception {
        Path path = headSevenTornOverFive();

        assertThat(new AuditHeadFile(path).read()).contains(new AuditHead(6, HASH_6));
    }

    @Test
    void aHubRestartedAfterATornWriteWritesOverTheTornSlot() throws Exception {
        Path path = headSevenTornOverFive();

        try (AuditHeadFile head = new AuditHeadFile(path)) {
            head.write(new AuditHead(7, HASH_7));
            byte[] content = Files.readAllBytes(path);
            assertThat(AuditHeadFile.decode(content, 0)).as("the torn slot").contains(new AuditHead(7, HASH_7));
            assertThat(AuditHeadFile.decode(content, AuditHeadFile.SLOT_SPACING)).contains(new AuditHead(6, HASH_6));
            head.write(new AuditHead(8, HASH_5));
            assertThat(head.read()).contains(new AuditHead(8, HASH_5));
            content = Files.readAllBytes(path);
            assertThat(AuditHeadFile.decode(content, 0)).contains(new AuditHead(7, HASH_7));
        }
    }

    @Test
    void aSlotWithAWrongChecksumIsIgnored() throws Exception {
        Path path = headsFiveThenSix();
        // A bit flipped in the hash of the newer slot: the magic and the lengths still look right.
        byte[] slot = AuditHeadFile.encode(new AuditHead(6, HASH_6));
        slot[20] ^= 1;
        overwrite(path, AuditHeadFile.SLOT_SPACING, slot);

        assertThat(new AuditHeadFile(path).read()).contains(new AuditHead(5, HASH_5));
    }

    @Test
    void refusesAFileWithNoIntactSlot() throws Exception {
        Path path = dir.resolve("audit.head");
        try (AuditHeadFile head = new AuditHeadFile(path)) {
            head.write(new AuditHead(5, HASH_5));
        }
        overwrite(path, 4, new byte[] {1, 2, 3});

        assertThatThrownBy(() -> new AuditHeadFile(path).read())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("neither of its slots is intact");
    }

    @Test
    void aHubWritingOverAFileWithNoIntactSlotStartsItAfresh() throws Exception {
        Path path = dir.resolve("audit.head");
        Files.write(path, new byte[AuditHeadFile.FILE_SIZE]);

        try (AuditHeadFile head = new AuditHeadFile(path)) {
            head.write(new AuditHead(5, HASH_5));
            assertThat(head.read()).contains(new AuditHead(5, HASH_5));
        }
    }

    @Test
    void readsTheOneLineHeadOfAnEarlierHubAndReplacesItOnTheFirstWrite() throws Exception {
        Path path = dir.resolve("audit.head");
        OwnerOnlyFiles.writeAtomically(path, ("6 " + HASH_6 + "\n").getBytes(StandardCharsets.US_ASCII));

        try (AuditHeadFile head = new AuditHeadFile(path)) {
            assertThat(head.read()).contains(new AuditHead(6, HASH_6));
            head.write(new AuditHead(7, HASH_7));
            assertThat(head.read()).contains(new AuditHead(7, HASH_7));
        }
        assertThat(Files.size(path)).isEqualTo(AuditHeadFile.FILE_SIZE);
    }

    @Test
    void refusesAMalformedOneLineHead() throws Exception {
        Path path = dir.resolve("audit.head");
        Files.writeString(path, "six " + HASH_6 + "\n");

        assertThatThrownBy(() -> new AuditHeadFile(path).read())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("malformed");
    }

    @Test
    void aHeadBelowTheNewestReplacesBothSlots() {
        Path path = dir.resolve("audit.head");
        try (AuditHeadFile head = new AuditHeadFile(path)) {
            head.write(new AuditHead(5, HASH_5));
            head.write(new AuditHead(7, HASH_7));
            // A restore to an older database: the other slot must not go on naming record 7.
            head.write(new AuditHead(6, HASH_6));
            assertThat(head.read()).contains(new AuditHead(6, HASH_6));
            head.write(new AuditHead(7, HASH_5));
            assertThat(head.read()).contains(new AuditHead(7, HASH_5));
        }
        assertThat(new AuditHeadFile(path).read()).contains(new AuditHead(7, HASH_5));
    }

    @Test
    void goesOnAfterBeingClosed() {
        Path path = dir.resolve("audit.head");
        AuditHeadFile head = new AuditHeadFile(path);
        head.write(new AuditHead(5, HASH_5));
        head.close();
        head.write(new AuditHead(6, HASH_6));
        head.close();
        assertThat(head.read()).contains(new AuditHead(6, HASH_6));
    }

    /** A head file as a hub leaves it after writing heads 5 and 6: one in each slot. */
    private Path headsFiveThenSix() {
        Path path = dir.resolve("audit.head");
        try (AuditHeadFile head = new AuditHeadFile(path)) {
            head.write(new AuditHead(5, HASH_5));
            head.write(new AuditHead(6, HASH_6));
        }
        return path;
    }

    /**
     * Heads 5 and 6, then a crash while head 7 went over head 5 in the first slot: only its first 20 bytes reached
     * the disk.
     */
    private Path headSevenTornOverFive() throws Exception {
        Path path = headsFiveThenSix();
        byte[] torn = AuditHeadFile.encode(new AuditHead(5, HASH_5));
        System.arraycopy(AuditHeadFile.encode(new AuditHead(7, HASH_7)), 0, torn, 0, 20);
        overwrite(path, 0, torn);
        return path;
    }

    private static void overwrite(Path path, long position, byte[] bytes) throws Exception {
        try (RandomAccessFile file = new RandomAccessFile(path.toFile(), "rw")) {
            file.seek(position);
            file.write(bytes);
        }
    }
}
