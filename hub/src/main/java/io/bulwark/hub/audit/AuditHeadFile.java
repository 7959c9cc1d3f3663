package io.bulwark.hub.audit;

import io.bulwark.hub.secrets.OwnerOnlyFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Optional;
import java.util.zip.CRC32C;

/**
 * Keeps the chain's head in a file beside the database. The hash chain alone cannot show that the newest records were
 * cut off: the shortened chain is still consistent. The head file can, as long as it is not rewritten too.
 *
 * <p>The head is rewritten after every group of stored records, so replacing the file each time (temporary file,
 * sync, rename, sync of the folder) cost the hub a tenth of its CPU under C2D load. The file instead holds two
 * checksummed slots, each at the start of a 4 KiB block of its own, written alternately in place: one positional write
 * and one data sync. While one slot is being written the other still holds the previous head, so a torn write leaves
 * at worst a slot whose checksum fails, and the reader takes the intact slot with the higher sequence: a head behind
 * the chain, which the verifier accepts, never one that is unreadable or names a record not stored (the head is only
 * written once its records are durable). A one-line text head ("SEQUENCE HASH") left by an earlier hub is still read;
 * the first write replaces it with the slotted file atomically.
 */
public final class AuditHeadFile implements AutoCloseable {

    /** Each slot starts its own 4 KiB block, so a torn sector can only ever damage the slot being written. */
    static final int SLOT_SPACING = 4096;
    static final int FILE_SIZE = 2 * SLOT_SPACING;
    private static final byte[] MAGIC = {'B', 'W', 'H', 'S'};
    /** Magic, sequence, hash length, hash, CRC32C of everything before it. */
    private static final int SLOT_SIZE = 128;
    private static final int MAX_HASH = SLOT_SIZE - MAGIC.length - Long.BYTES - Short.BYTES - Integer.BYTES;

    private final Path file;
    /** Open while the hub writes in place; null until the first write and after close or a failed write. */
    private FileChannel channel;
    private int nextSlot;
    private long newestWritten;

    public AuditHeadFile(Path file) {
        this.file = file;
    }

    /**
     * Makes {@code head} the file's head, durably. A head at or below the newest one written (a test or a restore
     * going back) rewrites the whole file atomically: the other slot must not keep naming the newer record.
     */
    public synchronized void write(AuditHead head) {
        byte[] slot = encode(head);
        try {
            if (channel == null) {
                openExisting();
            }
            if (channel == null || head.sequence() <= newestWritten) {
                replaceWith(slot, head);
                return;
            }
            ByteBuffer buffer = ByteBuffer.wrap(slot);
            long position = (long) nextSlot * SLOT_SPACING;
            while (buffer.hasRemaining()) {
                position += channel.write(buffer, position);
            }
            // The file's size never changes, so a data sync covers everything a reader after a crash needs.
            channel.force(false);
            nextSlot = 1 - nextSlot;
            newestWritten = head.sequence();
        } catch (IOException e) {
            // The slot may be half written: the next write reopens the file and works out again which slot to use.
            closeChannel();
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    public Optional<AuditHead> read() {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            byte[] content = Files.readAllBytes(file);
            if (content.length == FILE_SIZE) {
                return Optional.of(newestIntact(content)
                        .orElseThrow(() -> new IllegalStateException("audit head file " + file
                                + " is malformed: neither of its slots is intact")));
            }
            return Optional.of(parseLine(content));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public synchronized void close() {
        closeChannel();
    }

    /** Opens a slotted file left by an earlier write, and picks the slot not holding its newest head. */
    private void openExisting() throws IOException {
        if (!Files.exists(file) || Files.size(file) != FILE_SIZE) {
            return;
        }
        FileChannel opened = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
        try {
            ByteBuffer content = ByteBuffer.allocate(FILE_SIZE);
            while (content.hasRemaining() && opened.read(content, content.position()) > 0) {
                // read until full or end of file
            }
            Optional<AuditHead> first = decode(content.array(), 0);
            Optional<AuditHead> second = decode(content.array(), SLOT_SPACING);
            if (first.isEmpty() && second.isEmpty()) {
                opened.close();
                return;
            }
            long firstSequence = first.map(AuditHead::sequence).orElse(-1L);
            long secondSequence = second.map(AuditHead::sequence).orElse(-1L);
            nextSlot = firstSequence <= secondSequence ? 0 : 1;
            newestWritten = Math.max(firstSequence, secondSequence);
            channel = opened;
        } catch (IOException | RuntimeException e) {
            opened.close();
            throw e;
        }
    }

    /** A fresh slotted file with {@code head} in the first slot, swapped in atomically (also the upgrade path). */
    private void replaceWith(byte[] slot, AuditHead head) throws IOException {
        closeChannel();
        byte[] content = new byte[FILE_SIZE];
        System.arraycopy(slot, 0, content, 0, slot.length);
        OwnerOnlyFiles.writeAtomically(file, content);
        channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
        nextSlot = 1;
        newestWritten = head.sequence();
    }

    private void closeChannel() {
        if (channel == null) {
            return;
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // Every write was synced already; nothing is lost by a failed close.
        }
        channel = null;
    }

    static byte[] encode(AuditHead head) {
        byte[] hash = head.hash().getBytes(StandardCharsets.US_ASCII);
        if (head.sequence() < 1 || hash.length == 0 || hash.length > MAX_HASH
                || !new String(hash, StandardCharsets.US_ASCII).equals(head.hash())) {
            throw new IllegalArgumentException("not an audit head: sequence " + head.sequence());
        }
        ByteBuffer slot = ByteBuffer.allocate(SLOT_SIZE);
        slot.put(MAGIC).putLong(head.sequence()).putShort((short) hash.length).put(hash);
        CRC32C crc = new CRC32C();
        crc.update(slot.array(), 0, slot.position());
        slot.putInt((int) crc.getValue());
        return slot.array();
    }

    /** The slot at {@code offset}, if it is intact: right magic, sane fields and a matching checksum. */
    static Optional<AuditHead> decode(byte[] content, int offset) {
        if (content.length < offset + SLOT_SIZE
                || !Arrays.equals(content, offset, offset + MAGIC.length, MAGIC, 0, MAGIC.length)) {
            return Optional.empty();
        }
        ByteBuffer slot = ByteBuffer.wrap(content, offset, SLOT_SIZE);
        slot.position(offset + MAGIC.length);
        long sequence = slot.getLong();
        int hashLength = slot.getShort();
        if (sequence < 1 || hashLength < 1 || hashLength > MAX_HASH) {
            return Optional.empty();
        }
        int hashStart = slot.position();
        int checksumAt = hashStart + hashLength;
        CRC32C crc = new CRC32C();
        crc.update(content, offset, checksumAt - offset);
        if (ByteBuffer.wrap(content, checksumAt, Integer.BYTES).getInt() != (int) crc.getValue()) {
            return Optional.empty();
        }
        return Optional.of(new AuditHead(sequence,
                new String(content, hashStart, hashLength, StandardCharsets.US_ASCII)));
    }

    private static Optional<AuditHead> newestIntact(byte[] content) {
        Optional<AuditHead> first = decode(content, 0);
        Optional<AuditHead> second = decode(content, SLOT_SPACING);
        if (first.isEmpty()) {
            return second;
        }
        if (second.isEmpty()) {
            return first;
        }
        return first.get().sequence() >= second.get().sequence() ? first : second;
    }

    /** The head as earlier hubs wrote it: one line, "SEQUENCE HASH". */
    private AuditHead parseLine(byte[] content) {
        String[] parts = new String(content, StandardCharsets.US_ASCII).trim().split(" ");
        if (parts.length != 2) {
            throw new IllegalStateException("audit head file " + file + " is malformed");
        }
        try {
            return new AuditHead(Long.parseLong(parts[0]), parts[1]);
        } catch (NumberFormatException e) {
            throw new IllegalStateException("audit head file " + file + " is malformed", e);
        }
    }
}
