package io.bulwark.hub.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bulwark.hub.auth.AccessPolicy;
import io.bulwark.hub.auth.Permission;
import io.bulwark.hub.registry.Device;
import io.bulwark.hub.registry.IdentityId;
import io.bulwark.hub.secrets.MasterKey;
import io.bulwark.hub.secrets.OwnerOnlyFiles;
import io.bulwark.hub.secrets.SealedSecretException;
import io.bulwark.hub.secrets.SecretSealer;
import io.bulwark.hub.store.sqlite.SqliteStore;
import io.bulwark.hub.store.sqlite.StoreException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteStoreTest extends StoreContractTest {

    private static final byte[] MASTER = "master key for store tests only!".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path dir;

    @Override
    protected Store openStore() {
        return SqliteStore.open(dir.resolve("hub.db"), new SecretSealer(MasterKey.of(MASTER)));
    }

    @Test
    void databaseFileRevealsNoKey() throws Exception { // S-DATA-2
        Device device = device("secretive");
        AccessPolicy policy = new AccessPolicy("p", KEYS.newKeyPair(), EnumSet.of(Permission.REGISTRY_READ));
        store.devices().insert(device);
        store.policies().save(policy);
        byte[] files = allDatabaseBytes();
        store.close();
        byte[] afterClose = allDatabaseBytes();
        store = openStore();

        List<String> secrets = List.of(device.authentication().symmetricKey().primaryKey(),
                device.authentication().symmetricKey().secondaryKey(), policy.keys().primaryKey(),
                policy.keys().secondaryKey());
        for (byte[] bytes : List.of(files, afterClose)) {
            String text = new String(bytes, StandardCharsets.ISO_8859_1);
            for (String secret : secrets) {
                assertThat(text).doesNotContain(secret);
                assertThat(text).doesNotContain(new String(Base64.getDecoder().decode(secret),
                        StandardCharsets.ISO_8859_1));
            }
            assertThat(text).contains("secretive");
        }
    }

    @Test
    void aSealedKeyCopiedToAnotherRowDoesNotOpen() throws Exception { // S-DATA-2
        store.devices().insert(device("victim"));
        store.devices().insert(device("attacker"));
        store.close();
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("hub.db"));
             Statement sql = db.createStatement()) {
            sql.executeUpdate("UPDATE devices SET primary_key_sealed = (SELECT primary_key_sealed FROM devices "
                    + "WHERE device_id = 'victim') WHERE device_id = 'attacker'");
        }
        store = openStore();
        assertThatThrownBy(() -> store.devices().find(IdentityId.device("attacker")))
                .isInstanceOf(SealedSecretException.class);
        assertThat(store.devices().find(IdentityId.device("victim"))).isPresent();
    }

    @Test
    void anotherMasterKeyCannotReadTheKeys() {
        store.devices().insert(device("d1"));
        store.close();
        byte[] other = MASTER.clone();
        other[0] ^= 1;
        store = SqliteStore.open(dir.resolve("hub.db"), new SecretSealer(MasterKey.of(other)));
        assertThatThrownBy(() -> store.devices().find(IdentityId.device("d1")))
                .isInstanceOf(SealedSecretException.class);
    }

    @Test
    void databaseIsOwnerOnly() throws Exception {
        assertThat(Files.getPosixFilePermissions(dir.resolve("hub.db"))).isEqualTo(OwnerOnlyFiles.FILE);
    }

    @Test
    void everythingWrittenSurvivesReopening() {
        store.devices().insert(device("kept"));
        store.close();
        store = openStore();
        assertThat(store.devices().find(IdentityId.device("kept"))).isPresent();
    }

    @Test
    void refusesADatabaseFromANewerVersion() throws Exception {
        store.close();
        int current;
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("hub.db"));
             Statement sql = db.createStatement()) {
            try (var row = sql.executeQuery("SELECT version FROM schema_version")) {
                row.next();
                current = row.getInt(1);
            }
            sql.executeUpdate("UPDATE schema_version SET version = 999");
        }
        assertThatThrownBy(this::openStore).isInstanceOf(StoreException.class).hasMessageContaining("newer Bulwark");
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("hub.db"));
             Statement sql = db.createStatement()) {
            sql.executeUpdate("UPDATE schema_version SET version = " + current);
        }
        store = openStore();
    }

    @Test
    void importsAHundredThousandDevicesInOneTransaction() {
        List<Device> devices = new ArrayList<>(100_000);
        for (int i = 0; i < 100_000; i++) {
            devices.add(device(String.format("bulk-%06d", i)));
        }
        long start = System.nanoTime();
        store.devices().importAll(devices, List.of(), List.of());
        long millis = (System.nanoTime() - start) / 1_000_000;
        System.out.println("SQLite importAll of 100,000 devices: " + millis + " ms");
        assertThat(store.devices().countDevices()).isEqualTo(100_000);
        assertThat(millis).as("a pathological slowdown, not a benchmark").isLessThan(60_000);
    }

    private byte[] allDatabaseBytes() throws Exception {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith("hub.db")).toList()) {
                all.write(Files.readAllBytes(file));
            }
        }
        return all.toByteArray();
    }
}
