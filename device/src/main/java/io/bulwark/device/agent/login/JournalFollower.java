package io.bulwark.device.agent.login;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the systemd journal with {@code journalctl -f -o json} on a thread of its own and hands each entry's
 * {@code SYSLOG_IDENTIFIER} and {@code MESSAGE} over. The journal cursor is kept in a cursor file, so a restarted
 * agent resumes after the last entry it saw; without one it starts at the end ({@code -n 0}). {@link #poll()}
 * restarts journalctl if it exited.
 */
public final class JournalFollower implements LogSource {
    private static final Logger LOG = LoggerFactory.getLogger(JournalFollower.class);
    private static final int MAX_ENTRY_CHARS = 64 * 1024;

    private final Path journalctl;
    private final Path cursorFile;
    private final BiConsumer<String, String> entries;
    private final ObjectMapper json = new ObjectMapper();
    private Process process;

    public JournalFollower(Path journalctl, Path cursorFile, BiConsumer<String, String> entries) {
        this.journalctl = journalctl;
        this.cursorFile = cursorFile;
        this.entries = entries;
    }

    public synchronized void poll() throws IOException {
        if (process != null && process.isAlive()) {
            return;
        }
        List<String> command = new ArrayList<>(List.of(journalctl.toString(), "-f", "-o", "json", "-q",
                "--cursor-file=" + cursorFile));
        if (!Files.exists(cursorFile)) {
            command.add("-n");
            command.add("0");
        }
        process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        Process started = process;
        Thread reader = new Thread(() -> read(started), "agent-journal");
        reader.setDaemon(true);
        reader.start();
    }

    private void read(Process from) {
        try (BufferedReader in = new BufferedReader(
                new InputStreamReader(from.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.length() <= MAX_ENTRY_CHARS) {
                    accept(line);
                }
            }
        } catch (IOException e) {
            LOG.debug("journalctl output ended: {}", e.toString());
        }
    }

    void accept(String line) {
        try {
            JsonNode entry = json.readTree(line);
            JsonNode program = entry.path("SYSLOG_IDENTIFIER");
            JsonNode message = entry.path("MESSAGE");
            // MESSAGE is an array of bytes when it was not valid UTF-8: not a record the parser knows.
            if (program.isTextual() && message.isTextual()) {
                entries.accept(program.asText(), message.asText());
            }
        } catch (IOException e) {
            LOG.debug("journal entry that is not JSON skipped");
        }
    }

    @Override
    public synchronized void close() {
        if (process != null) {
            process.descendants().forEach(ProcessHandle::destroy);
            process.destroy();
        }
    }
}
