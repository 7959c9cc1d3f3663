package io.bulwark.device.agent;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;

/**
 * Reads a secret (the device connection string) from a file that only its owner may read or write, refusing it
 * otherwise, as ssh refuses a private key others can read. The content never appears in an exception message.
 */
public final class OwnerOnlySecret {
    private static final Set<PosixFilePermission> OTHERS = EnumSet.of(PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE);

    private OwnerOnlySecret() {
    }

    /** The file's first line. */
    public static String read(Path file) {
        Set<PosixFilePermission> open = EnumSet.copyOf(OTHERS);
        try {
            open.retainAll(Files.getPosixFilePermissions(file));
        } catch (UnsupportedOperationException notPosix) {
            open.clear();
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + " (" + e.getClass().getSimpleName() + ")");
        }
        if (!open.isEmpty()) {
            throw new IllegalArgumentException(file + " is accessible to others " + open + "; make it owner-only: "
                    + "chmod 600 " + file);
        }
        try {
            String content = Files.readString(file, StandardCharsets.UTF_8);
            String first = content.lines().findFirst().orElse("").strip();
            if (first.isEmpty()) {
                throw new IllegalArgumentException(file + " is empty");
            }
            return first;
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + " (" + e.getClass().getSimpleName() + ")");
        }
    }
}
