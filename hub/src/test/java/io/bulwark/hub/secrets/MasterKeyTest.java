package io.bulwark.hub.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MasterKeyTest {

    private static final Map<String, String> NO_ENV = Map.of();

    @TempDir
    Path dir;

    @Test
    void firstStartCreatesAnOwnerOnlyKeyInAPrivateFolder() throws Exception {
        Path data = dir.resolve("fresh/data");
        MasterKey.loadOrCreate(data, NO_ENV);
        assertThat(Files.getPosixFilePermissions(data.resolve("master.key"))).isEqualTo(OwnerOnlyFiles.FILE);
        assertThat(Files.getPosixFilePermissions(data)).isEqualTo(OwnerOnlyFiles.DIRECTORY);
        assertThat(Base64.getDecoder().decode(Files.readString(data.resolve("master.key")).trim())).hasSize(32);
    }

    @Test
    void laterStartsReuseTheSameKeyWithoutRewritingIt() throws Exception {
        MasterKey first = MasterKey.loadOrCreate(dir, NO_ENV);
        byte[] onDisk = Files.readAllBytes(dir.resolve("master.key"));
        MasterKey again = MasterKey.loadOrCreate(dir, NO_ENV);
        assertThat(Files.readAllBytes(dir.resolve("master.key"))).isEqualTo(onDisk);
        assertThat(again.derive("secret-sealing")).isEqualTo(first.derive("secret-sealing"));
    }

    @Test
    void twoFreshHubsNeverShareAMasterKey() { // S-AUTH-2
        MasterKey a = MasterKey.loadOrCreate(dir.resolve("a"), NO_ENV);
        MasterKey b = MasterKey.loadOrCreate(dir.resolve("b"), NO_ENV);
        assertThat(a.derive("secret-sealing")).isNotEqualTo(b.derive("secret-sealing"));
    }

    @Test
    void derivesOneIndependentKeyPerPurposeAsHmacSha256() throws Exception {
        byte[] raw = new byte[32];
        raw[31] = 9;
        MasterKey key = MasterKey.of(raw);
        // The derivation is part of the storage format: changing it would orphan every sealed secret.
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(raw, "HmacSHA256"));
        assertThat(key.derive("audit-chain"))
                .isEqualTo(mac.doFinal("bulwark/audit-chain".getBytes(StandardCharsets.UTF_8)))
                .hasSize(32)
                .isNotEqualTo(key.derive("secret-sealing"));
    }

    @Test
    void environmentKeyWinsAndWritesNoFile() {
        byte[] raw = new byte[32];
        raw[0] = 7;
        MasterKey fromEnv = MasterKey.loadOrCreate(dir, Map.of("BULWARK_MASTER_KEY",
                Base64.getEncoder().encodeToString(raw) + "\n"));
        assertThat(fromEnv.derive("x")).isEqualTo(MasterKey.of(raw).derive("x"));
        assertThat(dir.resolve("master.key")).doesNotExist();
    }

    @Test
    void refusesAnEnvironmentKeyOfTheWrongLengthOrEncodingWithoutEchoingIt() {
        String sixteenBytes = Base64.getEncoder().encodeToString(new byte[16]);
        assertThatThrownBy(() -> MasterKey.loadOrCreate(dir, Map.of("BULWARK_MASTER_KEY", sixteenBytes)))
                .hasMessageContaining("32 bytes").hasMessageNotContaining(sixteenBytes);
        assertThatThrownBy(() -> MasterKey.loadOrCreate(dir, Map.of("BULWARK_MASTER_KEY", "not*base64!")))
                .hasMessageContaining("base64").hasMessageNotContaining("not*base64!");
        assertThat(dir.resolve("master.key")).doesNotExist();
    }

    @Test
    void refusesAnEmptyEnvironmentKeyRatherThanMintingANewOne() {
        assertThatThrownBy(() -> MasterKey.loadOrCreate(dir, Map.of("BULWARK_MASTER_KEY", " ")))
                .hasMessageContaining("BULWARK_MASTER_KEY");
        assertThat(dir.resolve("master.key")).doesNotExist();
    }

    @Test
    void refusesAKeyFileOthersCanRead() throws Exception { // S-DATA-2
        MasterKey.loadOrCreate(dir, NO_ENV);
        Files.setPosixFilePermissions(dir.resolve("master.key"), PosixFilePermissions.fromString("rw-r-----"));
        assertThatThrownBy(() -> MasterKey.loadOrCreate(dir, NO_ENV))
                .hasMessageContaining("chmod 600").hasMessageContaining("master.key");
    }

    @Test
    void refusesAKeyFileOfTheWrongLength() throws Exception {
        OwnerOnlyFiles.writeString(dir.resolve("master.key"), Base64.getEncoder().encodeToString(new byte[31]));
        assertThatThrownBy(() -> MasterKey.loadOrCreate(dir, NO_ENV)).hasMessageContaining("32 bytes");
    }

    @Test
    void neverShowsTheKeyInToString() throws Exception { // S-DATA-4
        MasterKey key = MasterKey.loadOrCreate(dir, NO_ENV);
        assertThat(key.toString()).isEqualTo("MasterKey[redacted]")
                .doesNotContain(Files.readString(dir.resolve("master.key")).trim());
    }

    @Test
    void ofRefusesAnythingButThirtyTwoBytes() {
        assertThatThrownBy(() -> MasterKey.of(new byte[16])).isInstanceOf(IllegalArgumentException.class);
    }
}
