package io.bulwark.cli;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Streams {@code GET /export} line by line, so the whole registry is never held in memory. A file export holds every
 * device's keys, so it is created readable by its owner only.
 */
final class RegistryExport {

    private final HubClient client;

    RegistryExport(HubClient client) {
        this.client = client;
    }

    long writeTo(PrintWriter out) {
        long lines = copy(out);
        out.flush();
        return lines;
    }

    /** Writes a temporary owner-only file next to {@code file}, then moves it over: no half export, no open mode. */
    long writeTo(Path file) {
        Path target = file.toAbsolutePath();
        Path temp = null;
        try {
            temp = ownerOnlyTempFile(target);
            long lines;
            try (Writer writer = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
                lines = copy(writer);
            }
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return lines;
        } catch (IOException e) {
            throw new CliFailure("cannot write " + target + ": " + e.getMessage());
        } finally {
            deleteQuietly(temp);
        }
    }

    private long copy(Writer out) {
        long lines = 0;
        try (InputStream body = client.stream("/export", HubClient.BULK_TIMEOUT);
             BufferedReader reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            BufferedWriter buffered = out instanceof BufferedWriter b ? b : new BufferedWriter(out);
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (!line.isBlank()) {
                    buffered.write(line);
                    buffered.write('\n');
                    lines++;
                }
            }
            buffered.flush();
            return lines;
        } catch (IOException e) {
            throw new UncheckedIOException("export interrupted after " + lines + " lines", e);
        }
    }

    private static Path ownerOnlyTempFile(Path target) throws IOException {
        Path dir = target.getParent();
        try {
            return Files.createTempFile(dir, ".export-", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException notPosix) {
            return Files.createTempFile(dir, ".export-", ".tmp");
        }
    }

    private static void deleteQuietly(Path temp) {
        if (temp == null) {
            return;
        }
        try {
            Files.deleteIfExists(temp);
        } catch (IOException ignored) {
            // Best effort: the file is owner-only and marked as temporary.
        }
    }
}
