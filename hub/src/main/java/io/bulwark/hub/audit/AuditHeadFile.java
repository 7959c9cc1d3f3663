package io.bulwark.hub.audit;

import io.bulwark.hub.secrets.OwnerOnlyFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Keeps the chain's head in a file beside the database. The hash chain alone cannot show that the newest records were
 * cut off: the shortened chain is still consistent. The head file can, as long as it is not rewritten too.
 */
public final class AuditHeadFile {

    private final Path file;

    public AuditHeadFile(Path file) {
        this.file = file;
    }

    public void write(AuditHead head) {
        OwnerOnlyFiles.writeAtomically(file,
                (head.sequence() + " " + head.hash() + "\n").getBytes(StandardCharsets.US_ASCII));
    }

    public Optional<AuditHead> read() {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            String[] parts = Files.readString(file, StandardCharsets.US_ASCII).trim().split(" ");
            if (parts.length != 2) {
                throw new IllegalStateException("audit head file " + file + " is malformed");
            }
            return Optional.of(new AuditHead(Long.parseLong(parts[0]), parts[1]));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NumberFormatException e) {
            throw new IllegalStateException("audit head file " + file + " is malformed", e);
        }
    }
}
