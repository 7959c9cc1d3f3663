package io.bulwark.hub.secrets;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.UUID;

/**
 * Files only the hub's own user can read. A secret file is created with owner-only permissions from its first byte
 * (never written, then narrowed: that leaves a window in which another user can open it and keep the descriptor),
 * made durable with fsync, and swapped in atomically so a crash never leaves half a key. On file systems without
 * POSIX permissions the files are still written atomically; protecting them is then up to the folder's ACLs.
 */
public final class OwnerOnlyFiles {

    public static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    public static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");

    private OwnerOnlyFiles() {
    }

    /** Creates the folder (and missing parents) as 0700, or narrows an existing one to 0700. */
    public static void ensureDirectory(Path dir) {
        boolean posix = isPosix(dir);
        try {
            if (!Files.isDirectory(dir)) {
                if (posix) {
                    Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(DIRECTORY));
                } else {
                    Files.createDirectories(dir);
                }
            }
            if (posix) {
                // Creation is filtered by the umask and an existing folder may have been made by someone else's rules.
                Files.setPosixFilePermissions(dir, DIRECTORY);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create private folder " + dir, e);
        }
    }

    /** Creates an empty owner-only file if it does not exist (e.g. for a database a driver will open). */
    public static void ensureFile(Path file) {
        try {
            if (!Files.exists(file)) {
                Files.createFile(file, ownerOnlyAttributes(file));
            } else if (isPosix(file)) {
                Files.setPosixFilePermissions(file, FILE);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create private file " + file, e);
        }
    }

    /** Replaces {@code file} with {@code content}: readers see the old bytes or the new ones, never a mix. */
    public static void writeAtomically(Path file, byte[] content) {
        Path dir = file.toAbsolutePath().getParent();
        Path temp = dir.resolve("." + file.getFileName() + "." + UUID.randomUUID() + ".tmp");
        try {
            Files.createFile(temp, ownerOnlyAttributes(dir));
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            moveIntoPlace(temp, file);
            syncDirectory(dir);
        } catch (IOException e) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    public static void writeString(Path file, String content) {
        writeAtomically(file, content.getBytes(StandardCharsets.UTF_8));
    }

    /** True when group or others hold any permission on the file (always false without POSIX permissions). */
    public static boolean isExposed(Path file) {
        if (!isPosix(file)) {
            return false;
        }
        try {
            return Files.getPosixFilePermissions(file).stream().anyMatch(p -> !p.name().startsWith("OWNER_"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the permissions of " + file, e);
        }
    }

    private static boolean isPosix(Path path) {
        return path.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    private static FileAttribute<?>[] ownerOnlyAttributes(Path onFileSystemOf) {
        return isPosix(onFileSystemOf)
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(FILE)}
                : new FileAttribute<?>[0];
    }

    private static void moveIntoPlace(Path temp, Path file) throws IOException {
        try {
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException notSupported) {
            // Some network and FUSE file systems cannot rename atomically; a plain replace is the best they offer.
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** The rename is durable only once the directory entry is; not every platform lets a directory be opened. */
    private static void syncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException notSupported) {
            // Best effort: Windows and some file systems refuse to open or sync a directory.
        }
    }
}
