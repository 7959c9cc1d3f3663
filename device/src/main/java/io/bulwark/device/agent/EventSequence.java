package io.bulwark.device.agent;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's event numbering: a boot id and the last sequence number handed out, kept in a small owner-only file
 * that is synced to disk before a number is used. A number is therefore never handed out twice, even across a crash;
 * a crash between saving and sending leaves a gap, which is the honest signal ("an event may be missing").
 *
 * <p>When the file is missing or unreadable the agent cannot know which numbers it used, so it starts a new boot id
 * at sequence 1: the hub sees a new boot id and knows the numbering restarted, rather than a silent rewind.
 */
public final class EventSequence {
    private static final Logger LOG = LoggerFactory.getLogger(EventSequence.class);

    private final Path file;
    private final String bootId;
    private long last;

    private EventSequence(Path file, String bootId, long last) {
        this.file = file;
        this.bootId = bootId;
        this.last = last;
    }

    /** Reads the state in {@code file}, or starts a new boot id when there is none or it cannot be trusted. */
    public static EventSequence open(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            if (Files.exists(file)) {
                Properties state = new Properties();
                state.load(new StringReader(Files.readString(file, StandardCharsets.UTF_8)));
                String bootId = state.getProperty("bootId", "");
                String last = state.getProperty("lastSequence", "");
                if (!bootId.isBlank() && last.matches("\\d{1,18}")) {
                    return new EventSequence(file, bootId, Long.parseLong(last));
                }
                LOG.warn("event sequence state {} is damaged; starting a new boot id", file);
            }
        } catch (IOException e) {
            LOG.warn("event sequence state {} cannot be read ({}); starting a new boot id", file, e.getMessage());
        }
        EventSequence fresh = new EventSequence(file, UUID.randomUUID().toString(), 0);
        fresh.save(0);
        return fresh;
    }

    public String bootId() {
        return bootId;
    }

    /** The next number, durable before it is returned. */
    public synchronized long next() {
        save(last + 1);
        last = last + 1;
        return last;
    }

    public synchronized long last() {
        return last;
    }

    private void save(long sequence) {
        byte[] content = ("# Bulwark device agent event numbering; deleting this file starts a new boot id\n"
                + "bootId=" + bootId + "\nlastSequence=" + sequence + "\n").getBytes(StandardCharsets.UTF_8);
        try {
            OwnerOnlyFile.replace(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save the event sequence to " + file, e);
        }
    }
}
