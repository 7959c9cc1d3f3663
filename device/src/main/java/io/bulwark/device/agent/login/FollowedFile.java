package io.bulwark.device.agent.login;

import io.bulwark.device.agent.OwnerOnlyFile;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;
import java.util.Properties;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows a log file like {@code tail -F}, one {@link #poll()} at a time: hands over each complete new line, keeps
 * reading the old file to its end when logrotate renames it, then starts the new file at its beginning, and starts
 * again from the beginning when the file is truncated in place ({@code copytruncate}).
 *
 * <p>The first time, it starts at the end: history is not replayed. When a position file is given, the file's
 * identity (device and inode) and the offset read are kept there, so a restarted agent picks up where it stopped if
 * the file is still the same one, and otherwise starts at the end. "The same one" is checked by inode and by a hash of
 * its first bytes, because a file system reuses the inode of a deleted file at once.
 */
public final class FollowedFile implements LogSource {
    private static final Logger LOG = LoggerFactory.getLogger(FollowedFile.class);
    static final int MAX_LINE_BYTES = 16 * 1024;
    static final int MAX_BYTES_PER_POLL = 4 * 1024 * 1024;

    private final Path file;
    private final Path positionFile;
    private final Consumer<String> lines;
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
    private FileChannel channel;
    private Object identity;
    private long position;
    private boolean skippingLongLine;
    private boolean started;
    private String savedState;

    /** {@code positionFile} may be null: then every start begins at the end of the file. */
    public FollowedFile(Path file, Path positionFile, Consumer<String> lines) {
        this.file = file;
        this.positionFile = positionFile;
        this.lines = lines;
    }

    public synchronized void poll() throws IOException {
        if (channel == null && !open()) {
            return;
        }
        readAvailable();
        Object current = identityOf(file);
        if (current != null && !current.equals(identity)) {
            // Rotated: the old file is finished (we drained it above), the new one is read from its start.
            LOG.info("{} was rotated; following the new file", file);
            closeChannel();
            openAt(0);
            readAvailable();
        } else if (current != null && channel != null && channel.size() < position) {
            LOG.info("{} was truncated; reading it from the start", file);
            position = 0;
            partial.reset();
            readAvailable();
        }
        savePosition();
    }

    private boolean open() throws IOException {
        if (!Files.isRegularFile(file)) {
            // Not there when we looked: whatever appears later is new and is read from its start.
            started = true;
            return false;
        }
        if (started) {
            // It appeared after a rotation that left no file for a while: everything in it is new.
            openAt(0);
            return true;
        }
        started = true;
        Object current = identityOf(file);
        long size = Files.size(file);
        long saved = savedPosition(current);
        openAt(saved >= 0 && saved <= size ? saved : size);
        return true;
    }

    private void openAt(long offset) throws IOException {
        try {
            channel = FileChannel.open(file, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            channel = null;
            return;
        }
        identity = identityOf(file);
        position = offset;
        partial.reset();
        skippingLongLine = false;
    }

    private void readAvailable() throws IOException {
        if (channel == null) {
            return;
        }
        ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
        long budget = MAX_BYTES_PER_POLL;
        while (budget > 0) {
            buffer.clear();
            int n = channel.read(buffer, position);
            if (n <= 0) {
                return;
            }
            position += n;
            budget -= n;
            byte[] bytes = buffer.array();
            for (int i = 0; i < n; i++) {
                accept(bytes[i]);
            }
        }
    }

    private void accept(byte b) {
        if (b == '\n') {
            if (!skippingLongLine) {
                lines.accept(partial.toString(StandardCharsets.UTF_8));
            }
            partial.reset();
            skippingLongLine = false;
        } else if (partial.size() >= MAX_LINE_BYTES) {
            // An over-long line is not a login record; drop it rather than buffer without bound.
            skippingLongLine = true;
            partial.reset();
        } else if (!skippingLongLine) {
            partial.write(b);
        }
    }

    private long savedPosition(Object current) {
        if (positionFile == null || current == null || !Files.isRegularFile(positionFile)) {
            return -1;
        }
        try {
            Properties saved = new Properties();
            saved.load(new StringReader(Files.readString(positionFile, StandardCharsets.UTF_8)));
            String offset = saved.getProperty("offset", "");
            if (current.toString().equals(saved.getProperty("file")) && offset.matches("\\d{1,18}")
                    && fingerprint(Long.parseLong(offset)).equals(saved.getProperty("head"))) {
                return Long.parseLong(offset);
            }
        } catch (IOException e) {
            LOG.warn("position file {} cannot be read; starting at the end of {}", positionFile, file);
        }
        return -1;
    }

    private void savePosition() throws IOException {
        if (positionFile == null || identity == null) {
            return;
        }
        // The offset of the last complete line: a partial line is read again after a restart.
        long offset = position - partial.size();
        String state = "file=" + identity + "\noffset=" + offset + "\n";
        if (!Objects.equals(state, savedState)) {
            state += "head=" + fingerprint(offset) + "\n";
            OwnerOnlyFile.replace(positionFile, state.getBytes(StandardCharsets.UTF_8));
            savedState = "file=" + identity + "\noffset=" + offset + "\n";
        }
    }

    /** A hash of the file's first bytes up to {@code offset} (at most 256): what makes this file this one. */
    private String fingerprint(long offset) throws IOException {
        if (channel != null) {
            return fingerprint(channel, offset);
        }
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
            return fingerprint(in, offset);
        } catch (NoSuchFileException e) {
            return "";
        }
    }

    private static String fingerprint(FileChannel in, long offset) throws IOException {
        ByteBuffer head = ByteBuffer.allocate((int) Math.min(offset, 256));
        while (head.hasRemaining() && in.read(head, head.position()) > 0) {
            // read until the buffer is full or the file ends
        }
        try {
            return java.util.HexFormat.of().formatHex(
                    java.security.MessageDigest.getInstance("SHA-256").digest(java.util.Arrays.copyOf(head.array(), head.position())));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static Object identityOf(Path path) {
        try {
            Object key = Files.readAttributes(path, BasicFileAttributes.class).fileKey();
            return key == null ? null : key.toString();
        } catch (IOException e) {
            return null;
        }
    }

    private void closeChannel() throws IOException {
        if (channel != null) {
            channel.close();
            channel = null;
        }
    }

    @Override
    public synchronized void close() throws IOException {
        closeChannel();
    }
}
