package io.bulwark.hub.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.bulwark.hub.TestHubCore;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The registry records when a SAS identity's keys were set, for the fleet audit's key-age check (S-MON-3). */
class KeyRotationsTest {

    @TempDir
    Path dir;
    TestHubCore core;

    @BeforeEach
    void start() {
        core = new TestHubCore(dir);
    }

    @AfterEach
    void stop() {
        core.close();
    }

    @Test
    void createRegenerateAndAKeyChangingUpdateRecordTheTimeATagChangeDoesNot() {
        IdentityId id = IdentityId.device("d1");
        Device created = core.registry.create(TestHubCore.OPERATOR, DeviceSpec.sasDevice(id));
        assertThat(keysSet(id)).isEqualTo(created.createdTime());

        Instant backdated = Instant.parse("2020-01-01T00:00:00Z");
        core.store.keyRotations().keysSet(id, backdated);
        core.registry.mergeTags(TestHubCore.OPERATOR, id, Map.of("site", "north"));
        assertThat(keysSet(id)).isEqualTo(backdated);

        Device regenerated = core.registry.regenerateKey(TestHubCore.OPERATOR, id, KeySlot.SECONDARY);
        assertThat(keysSet(id)).isEqualTo(regenerated.lastUpdatedTime());

        core.store.keyRotations().keysSet(id, backdated);
        core.registry.update(TestHubCore.OPERATOR, DeviceSpec.from(core.registry.get(id))
                .withStatus(DeviceStatus.DISABLED, "parked"), null);
        assertThat(keysSet(id)).isEqualTo(backdated);
    }

    @Test
    void selfSignedIdentitiesHaveNoKeysToAgeAndDeletionForgetsTheTime() {
        IdentityId camera = IdentityId.device("cam");
        core.registry.create(TestHubCore.OPERATOR, new DeviceSpec(camera, DeviceStatus.ENABLED, null,
                AuthenticationType.SELF_SIGNED, null, new X509Thumbprints("a".repeat(64), null), false, null,
                Map.of()));
        assertThat(core.store.keyRotations().all()).doesNotContainKey(camera);

        IdentityId id = IdentityId.device("d2");
        core.registry.create(TestHubCore.OPERATOR, DeviceSpec.sasDevice(id));
        core.registry.delete(TestHubCore.OPERATOR, id, null);
        assertThat(core.store.keyRotations().all()).doesNotContainKey(id);
    }

    @Test
    void anImportRecordsTheIdentitiesItGivesKeys() {
        core.registry.importDevices(TestHubCore.OPERATOR, List.of(
                new ImportItem(1, ImportMode.CREATE, DeviceSpec.sasDevice(IdentityId.device("bulk-1")))));
        assertThat(core.store.keyRotations().all()).containsKey(IdentityId.device("bulk-1"));
    }

    @Test
    void anImportThatDeletesAnIdentityForgetsItsTime() { // S-DATA-3
        IdentityId id = IdentityId.device("bulk-2");
        core.registry.create(TestHubCore.OPERATOR, DeviceSpec.sasDevice(id));
        assertThat(core.store.keyRotations().all()).containsKey(id);
        core.registry.importDevices(TestHubCore.OPERATOR, List.of(
                new ImportItem(1, ImportMode.DELETE, DeviceSpec.sasDevice(id))));
        assertThat(core.store.keyRotations().all()).doesNotContainKey(id);
    }

    private Instant keysSet(IdentityId id) {
        return core.store.keyRotations().all().get(id);
    }
}
