package io.bulwark.hub.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OwnerOnlyFilesTest {

    @TempDir
    Path dir;

    @Test
    void createsMissingFoldersOwnerOnly() throws Exception {
        Path nested = dir.resolve("a/b/c");
        OwnerOnlyFiles.ensureDirectory(nested);
        assertThat(Files.getPosixFilePermissions(nested)).isEqualTo(OwnerOnlyFiles.DIRECTORY);
        assertThat(Files.getPosixFilePermissions(dir.resolve("a"))).isEqualTo(OwnerOnlyFiles.DIRECTORY);
    }

    @Test
    void tightensAnExistingOpenFolder() throws Exception {
        Path open = Files.createDirectory(dir.resolve("open"));
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxr-xr-x"));
        OwnerOnlyFiles.ensureDirectory(open);
        assertThat(Files.getPosixFilePermissions(open)).isEqualTo(OwnerOnlyFiles.DIRECTORY);
    }

    @Test
    void writesOwnerOnlyFilesEvenOverAWorldReadableOne() throws Exception {
        Path file = dir.resolve("secret");
        Files.writeString(file, "old");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        OwnerOnlyFiles.writeString(file, "new");
        assertThat(Files.readString(file)).isEqualTo("new");
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(OwnerOnlyFiles.FILE);
    }

    @Test
    void atomicWritesLeaveNoTemporaryFiles() throws Exception {
        OwnerOnlyFiles.writeString(dir.resolve("f"), "one");
        OwnerOnlyFiles.writeAtomically(dir.resolve("f"), new byte[] {'t', 'w', 'o'});
        assertThat(Files.readString(dir.resolve("f"))).isEqualTo("two");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).containsExactly(dir.resolve("f"));
        }
    }

    @Test
    void reportsFilesThatOthersCanAccess() throws Exception {
        Path file = dir.resolve("f");
        OwnerOnlyFiles.writeString(file, "x");
        assertThat(OwnerOnlyFiles.isExposed(file)).isFalse();
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw----r--"));
        assertThat(OwnerOnlyFiles.isExposed(file)).isTrue();
    }
}
