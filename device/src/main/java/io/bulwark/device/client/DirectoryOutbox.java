package io.bulwark.device.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * A bounded on-disk outbox: one file per telemetry message ({@code 00000000000000000042.msg}), written to a temporary
 * file, forced to disk, renamed into place and the directory forced, so that a message whose {@code sendTelemetry}
 * call returned survives a power cut. The client deletes the file at the hub's PUBACK. A new client over the same
 * directory sends what is left, oldest first, with the original message ids (at least once: a message whose PUBACK
 * was lost in the crash is sent again).
 *
 * <p>Bounded in messages and bytes; when full, {@link OverflowPolicy} decides. Thread-safe.
 */
public final class DirectoryOutbox {

    /** What a full outbox does with a new message. */
    public enum OverflowPolicy {
        /** Refuse the new message: {@code sendTelemetry} fails with {@link OutboxFullException}. Keeps the oldest. */
        REFUSE_NEW,
        /** Delete the oldest stored messages to make room: keeps the newest. Their futures fail. */
        DROP_OLDEST
    }

    /** What an append did: the stored entry, and the entries deleted to make room for it. */
    record Appended(OutboxEntry entry, List<OutboxEntry> dropped) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SUFFIX = ".msg";

    private final Path directory;
    private final int maxMessages;
    private final long maxBytes;
    private final OverflowPolicy policy;
    private final TreeMap<Long, OutboxEntry> stored = new TreeMap<>();
    private long storedBytes;
    private long nextSequence;

    /**
     * Opens (or creates, owner-only) the directory and reads what an earlier client left in it. Unreadable files are
     * renamed to {@code .corrupt} and reported to {@code problems}.
     */
    public DirectoryOutbox(Path directory, int maxMessages, long maxBytes, OverflowPolicy policy,
                           Consumer<String> problems) {
        if (maxMessages < 1 || maxBytes < 1024) {
            throw new IllegalArgumentException("an outbox holds at least one message and 1 KiB");
        }
        this.directory = directory;
        this.maxMessages = maxMessages;
        this.maxBytes = maxBytes;
        this.policy = policy;
        try {
            if (!Files.isDirectory(directory)) {
                createOwnerOnly(directory);
            }
            recover(problems);
        } catch (IOException e) {
            throw new DeviceClientException("cannot open the outbox " + directory + ": " + e.getMessage(), e);
        }
    }

    public DirectoryOutbox(Path directory, int maxMessages, long maxBytes, OverflowPolicy policy) {
        this(directory, maxMessages, maxBytes, policy, problem -> { });
    }

    /** What is stored, oldest first. */
    synchronized List<OutboxEntry> entries() {
        return new ArrayList<>(stored.values());
    }

    public synchronized int size() {
        return stored.size();
    }

    public synchronized long bytes() {
        return storedBytes;
    }

    /** Stores a message durably; on return it is on disk. */
    synchronized Appended append(DeviceMessage message) {
        byte[] encoded = encode(message);
        if (encoded.length > maxBytes) {
            throw new OutboxFullException("the message is larger than the outbox (" + maxBytes + " bytes)");
        }
        List<OutboxEntry> dropped = new ArrayList<>();
        while (stored.size() >= maxMessages || storedBytes + encoded.length > maxBytes) {
            if (policy == OverflowPolicy.REFUSE_NEW) {
                throw new OutboxFullException("the outbox is full (" + stored.size() + " messages, " + storedBytes
                        + " bytes)");
            }
            OutboxEntry oldest = stored.firstEntry().getValue();
            remove(oldest);
            dropped.add(oldest);
        }
        long sequence = nextSequence++;
        Path target = file(sequence);
        Path temporary = directory.resolve(target.getFileName() + ".tmp");
        try (FileChannel out = FileChannel.open(temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer buffer = ByteBuffer.wrap(encoded);
            while (buffer.hasRemaining()) {
                out.write(buffer);
            }
            out.force(true);
        } catch (IOException e) {
            deleteQuietly(temporary);
            throw new DeviceClientException("cannot write to the outbox: " + e.getClass().getSimpleName(), e);
        }
        try {
            try {
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, target);
            }
            forceDirectory();
        } catch (IOException e) {
            deleteQuietly(temporary);
            throw new DeviceClientException("cannot write to the outbox: " + e.getClass().getSimpleName(), e);
        }
        OutboxEntry entry = new OutboxEntry(sequence, message, encoded.length);
        stored.put(sequence, entry);
        storedBytes += encoded.length;
        return new Appended(entry, dropped);
    }

    /** Deletes a delivered (or dropped) message; a no-op for one already gone. */
    synchronized void remove(OutboxEntry entry) {
        if (stored.remove(entry.sequence()) == null) {
            return;
        }
        storedBytes -= entry.bytes();
        try {
            Files.deleteIfExists(file(entry.sequence()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete a delivered message from the outbox", e);
        }
    }

    private void recover(Consumer<String> problems) throws IOException {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                if (name.endsWith(".tmp")) {
                    // Never renamed into place, so its send never returned: not ours to deliver.
                    Files.deleteIfExists(file);
                } else if (name.endsWith(SUFFIX)) {
                    recoverOne(file, name, problems);
                }
            }
        }
        nextSequence = stored.isEmpty() ? 0 : stored.lastKey() + 1;
    }

    private void recoverOne(Path file, String name, Consumer<String> problems) throws IOException {
        try {
            long sequence = Long.parseLong(name.substring(0, name.length() - SUFFIX.length()));
            byte[] encoded = Files.readAllBytes(file);
            stored.put(sequence, new OutboxEntry(sequence, decode(encoded), encoded.length));
            storedBytes += encoded.length;
        } catch (RuntimeException | IOException e) {
            problems.accept("outbox file " + name + " cannot be read (" + e.getClass().getSimpleName()
                    + "); renamed to .corrupt");
            Files.move(file, file.resolveSibling(name + ".corrupt"), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static byte[] encode(DeviceMessage message) {
        ObjectNode node = JSON.createObjectNode().put("messageId", message.messageId());
        if (message.contentType() != null) {
            node.put("contentType", message.contentType());
        }
        if (message.contentEncoding() != null) {
            node.put("contentEncoding", message.contentEncoding());
        }
        ObjectNode properties = node.putObject("properties");
        message.properties().forEach(properties::put);
        node.put("body", Base64.getEncoder().encodeToString(message.body()));
        try {
            return JSON.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static DeviceMessage decode(byte[] encoded) throws IOException {
        JsonNode node = JSON.readTree(encoded);
        Map<String, String> properties = new LinkedHashMap<>();
        node.path("properties").fields().forEachRemaining(field -> properties.put(field.getKey(),
                field.getValue().asText()));
        return new DeviceMessage(Base64.getDecoder().decode(node.path("body").asText()), properties,
                node.path("messageId").asText(null), node.path("contentType").asText(null),
                node.path("contentEncoding").asText(null));
    }

    private Path file(long sequence) {
        return directory.resolve(String.format("%020d", sequence) + SUFFIX);
    }

    private void forceDirectory() {
        // Makes the rename durable on Linux; other systems refuse to open a directory and have their own rules.
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException | UnsupportedOperationException notSupported) {
            // nothing more can be done portably
        }
    }

    private static void createOwnerOnly(Path directory) throws IOException {
        try {
            Files.createDirectories(directory,
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (UnsupportedOperationException notPosix) {
            Files.createDirectories(directory);
        } catch (FileAlreadyExistsException raced) {
            // another thread made it
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a leftover .tmp is removed at the next start
        }
    }
}
