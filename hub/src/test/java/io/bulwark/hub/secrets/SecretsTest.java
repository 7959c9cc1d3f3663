package io.bulwark.hub.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretsTest {

    @TempDir
    Path dir;

    @Test
    void masterKeyIsCreatedOwnerOnlyAndReused() throws Exception {
        Path data = dir.resolve("data");
        OwnerOnlyFiles.ensureDirectory(data);
        MasterKey first = MasterKey.loadOrCreate(data, Map.of());
        MasterKey again = MasterKey.loadOrCreate(data, Map.of());
        assertThat(Files.getPosixFilePermissions(data.resolve("master.key"))).isEqualTo(OwnerOnlyFiles.FILE);
        assertThat(Files.getPosixFilePermissions(data)).isEqualTo(OwnerOnlyFiles.DIRECTORY);
        assertThat(again.derive("x")).isEqualTo(first.derive("x"));
        assertThat(first.derive("x")).isNotEqualTo(first.derive("y"));
        assertThat(first.toString()).doesNotContain(Files.readString(data.resolve("master.key")).trim());
    }

    @Test
    void twoFreshFoldersGetDifferentMasterKeys() { // S-AUTH-2
        MasterKey a = MasterKey.loadOrCreate(dir.resolve("a").toFile().mkdirs() ? dir.resolve("a") : null, Map.of());
        MasterKey b = MasterKey.loadOrCreate(dir.resolve("b").toFile().mkdirs() ? dir.resolve("b") : null, Map.of());
        assertThat(a.derive("x")).isNotEqualTo(b.derive("x"));
    }

    @Test
    void environmentKeyWinsAndWritesNoFile() {
        byte[] key = new byte[32];
        key[0] = 7;
        MasterKey fromEnv = MasterKey.loadOrCreate(dir, Map.of("BULWARK_MASTER_KEY",
                Base64.getEncoder().encodeToString(key)));
        assertThat(fromEnv.derive("x")).isEqualTo(MasterKey.of(key).derive("x"));
        assertThat(dir.resolve("master.key")).doesNotExist();
        assertThatThrownBy(() -> MasterKey.loadOrCreate(dir, Map.of("BULWARK_MASTER_KEY", "c2hvcnQ=")))
                .hasMessageContaining("32 bytes");
    }

    @Test
    void refusesAMasterKeyOthersCanRead() throws Exception {
        MasterKey.loadOrCreate(dir, Map.of());
        Files.setPosixFilePermissions(dir.resolve("master.key"), PosixFilePermissions.fromString("rw-r--r--"));
        assertThatThrownBy(() -> MasterKey.loadOrCreate(dir, Map.of())).hasMessageContaining("chmod 600");
    }

    @Test
    void sealsAndOpensWithTheSameContextOnly() {
        SecretSealer sealer = new SecretSealer(MasterKey.loadOrCreate(dir, Map.of()));
        String sealed = sealer.seal("the key", "device-key:d1:primary");
        assertThat(sealed).startsWith("v1.").doesNotContain("the key");
        assertThat(sealer.seal("the key", "device-key:d1:primary")).as("fresh nonce each time").isNotEqualTo(sealed);
        assertThat(sealer.open(sealed, "device-key:d1:primary")).isEqualTo("the key");
        assertThatThrownBy(() -> sealer.open(sealed, "device-key:d2:primary"))
                .isInstanceOf(SealedSecretException.class).hasMessageNotContaining("the key");
    }

    @Test
    void tamperedCiphertextDoesNotOpen() {
        SecretSealer sealer = new SecretSealer(MasterKey.loadOrCreate(dir, Map.of()));
        byte[] sealed = Base64.getUrlDecoder().decode(sealer.seal("the key", "c").substring(3));
        sealed[sealed.length / 2] ^= 1;
        String tampered = "v1." + Base64.getUrlEncoder().withoutPadding().encodeToString(sealed);
        assertThatThrownBy(() -> sealer.open(tampered, "c")).isInstanceOf(SealedSecretException.class);
        assertThatThrownBy(() -> sealer.open("v2.abc", "c")).isInstanceOf(SealedSecretException.class);
        assertThatThrownBy(() -> sealer.open("v1.***", "c")).isInstanceOf(SealedSecretException.class);
    }

    @Test
    void atomicWritesLeaveNoTemporaryFiles() throws Exception {
        OwnerOnlyFiles.writeString(dir.resolve("f"), "one");
        OwnerOnlyFiles.writeString(dir.resolve("f"), "two");
        assertThat(Files.readString(dir.resolve("f"))).isEqualTo("two");
        try (var files = Files.list(dir)) {
            assertThat(files).hasSize(1);
        }
    }
}
