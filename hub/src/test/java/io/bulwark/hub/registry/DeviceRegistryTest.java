package io.bulwark.hub.registry;

import static io.bulwark.hub.TestHubCore.OPERATOR;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bulwark.hub.HubException;
import io.bulwark.hub.TestHubCore;
import io.bulwark.hub.audit.AuditOutcome;
import io.bulwark.hub.audit.AuditQuery;
import io.bulwark.hub.audit.AuditRecord;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeviceRegistryTest {

    @TempDir
    Path dir;
    TestHubCore hub;
    DeviceRegistry registry;

    @BeforeEach
    void open() {
        hub = new TestHubCore(dir);
        registry = hub.registry;
    }

    @AfterEach
    void close() {
        hub.close();
    }

    @Test
    void generatesDistinct256BitKeysForEveryDevice() { // S-AUTH-1
        Set<String> keys = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            Device device = registry.create(OPERATOR, DeviceSpec.sasDevice(IdentityId.device("d" + i)));
            SymmetricKeys pair = device.authentication().symmetricKey();
            assertThat(pair.primaryKeyBytes()).hasSize(32);
            assertThat(pair.secondaryKeyBytes()).hasSize(32);
            keys.add(pair.primaryKey());
            keys.add(pair.secondaryKey());
        }
        assertThat(keys).hasSize(400);
        assertThat(bitBalance(keys)).isBetween(0.47, 0.53);
    }

    @Test
    void keepsCallerSuppliedKeys() {
        String key = Base64.getEncoder().encodeToString(new byte[32]).replace('A', 'B');
        SymmetricKeys supplied = new SymmetricKeys(key, key);
        DeviceSpec spec = new DeviceSpec(IdentityId.device("own-keys"), null, null, AuthenticationType.SAS, supplied,
                null, false, null, Map.of());
        assertThat(registry.create(OPERATOR, spec).authentication().symmetricKey()).isEqualTo(supplied);
    }

    @Test
    void updateWithStaleEtagIsRefusedAndChangesNothing() {
        Device created = registry.create(OPERATOR, DeviceSpec.sasDevice(IdentityId.device("d1")));
        Device updated = registry.update(OPERATOR,
                DeviceSpec.sasDevice(created.id()).withStatus(DeviceStatus.DISABLED, "stolen"), created.etag());
        assertThat(updated.status()).isEqualTo(DeviceStatus.DISABLED);
        assertThat(updated.statusReason()).isEqualTo("stolen");
        assertThat(updated.etag()).isNotEqualTo(created.etag());
        assertThat(updated.generationId()).isEqualTo(created.generationId());
        assertThat(updated.authentication().symmetricKey()).isEqualTo(created.authentication().symmetricKey());

        assertThatThrownBy(() -> registry.update(OPERATOR, DeviceSpec.sasDevice(created.id()), created.etag()))
                .isInstanceOf(HubException.PreconditionFailed.class);
        assertThat(registry.get(created.id()).status()).isEqualTo(DeviceStatus.DISABLED);
    }

    @Test
    void createOfAnExistingIdConflicts() {
        registry.create(OPERATOR, DeviceSpec.sasDevice(IdentityId.device("twice")));
        assertThatThrownBy(() -> registry.create(OPERATOR, DeviceSpec.sasDevice(IdentityId.device("twice"))))
                .isInstanceOf(HubException.Conflict.class);
    }

    @Test
    void recreatedDeviceGetsANewGenerationAndNewKeys() {
        Device first = registry.create(OPERATOR, DeviceSpec.sasDevice(IdentityId.device("again")));
        registry.delete(OPERATOR, first.id(), DeviceRegistry.ANY_ETAG);
        Device second = registry.create(OPERATOR, DeviceSpec.sasDevice(IdentityId.device("again")));
        assertThat(second.generationId()).isNotEqualTo(first.generationId());
        assertThat(second.authentication().symmetricKey().primaryKey())
                .isNotEqualTo(first.authentication().symmetricKey().primaryKey());
    }

    @Test
    void regeneratingOneKeyKeepsTheOther() {
        Device device = registry.create(OPERATOR, DeviceSpec.sasDevice(IdentityId.device("rot")));
        SymmetricKeys before = device.authentication().symmetricKey();
        SymmetricKeys after = registry.regenerateKey(OPERATOR, device.id(), KeySlot.SECONDARY)
                .authentication().symmetricKey();
        assertThat(after.primaryKey()).isEqualTo(before.primaryKey());
        assertThat(after.secondaryKey()).isNotEqualTo(before.secondaryKey());
    }

    @Test
    void deletingADevicePurgesItsModules() { // S-DATA-3
        registry.create(OPERATOR, DeviceSpec.sasDevice(IdentityId.device("host")));
        registry.create(OPERATOR, DeviceSpec.sasDevice(IdentityId.module("host", "m1")));
        registry.create(OPERATOR, DeviceSpec.sasDevice(IdentityId.module("host", "m2")));
        assertThat(registry.modules("host")).extracting(d -> d.id().moduleId()).containsExactly("m1", "m2");

        registry.delete(OPERATOR, IdentityId.device("host"), null);

        assertThatThrownBy(() -> registry.get(IdentityId.module("host", "m1")))
                .isInstanceOf(HubException.NotFound.class);
        assertThat(lastAudit().action()).isEqualTo("device.delete");
        assertThat(lastAudit().target()).isEqualTo("device:host");
    }

    @Test
    void moduleNeedsAnExistingDevice() {
        assertThatThrownBy(() -> registry.create(OPERATOR, DeviceSpec.sasDevice(IdentityId.module("ghost", "m"))))
                .isInstanceOf(HubException.NotFound.class);
    }

    @Test
    void childBindsToTheCurrentGenerationOfAGateway() { // S-ACL-2 groundwork
        Device gateway = registry.create(OPERATOR, DeviceSpec.sasDevice(IdentityId.device("gw")).asGateway());
        assertThat(gateway.deviceScope()).startsWith("ms-azure-iot-edge://gw-");

        Device child = registry.create(OPERATOR,
                DeviceSpec.sasDevice(IdentityId.device("leaf")).withParentScope(gateway.deviceScope()));
        assertThat(child.parentScopes()).containsExactly(gateway.deviceScope());
        assertThat(child.deviceScope()).isEqualTo(gateway.deviceScope());
        assertThat(child.parentDeviceId()).isEqualTo("gw");
        assertThat(registry.list(new DeviceQuery(null, null, null, "gw", null, 10)).devices())
                .extracting(d -> d.id().deviceId()).containsExactly("leaf");

        Device plain = registry.create(OPERATOR, DeviceSpec.sasDevice(IdentityId.device("plain")));
        String fakeScope = "ms-azure-iot-edge://plain-" + plain.generationId();
        assertThatThrownBy(() -> registry.create(OPERATOR,
                DeviceSpec.sasDevice(IdentityId.device("leaf2")).withParentScope(fakeScope)))
                .isInstanceOf(HubException.Invalid.class).hasMessageContaining("gateway");
        assertThatThrownBy(() -> registry.create(OPERATOR,
                DeviceSpec.sasDevice(IdentityId.device("leaf3")).withParentScope("ms-azure-iot-edge://gw-1")))
                .isInstanceOf(HubException.Invalid.class);
    }

    @Test
    void listsPageByPageWithFilters() {
        for (int i = 0; i < 25; i++) {
            DeviceSpec spec = DeviceSpec.sasDevice(IdentityId.device(String.format("p%02d", i)))
                    .withTags(Map.of("floor", i % 2 == 0 ? "even" : "odd"));
            if (i % 5 == 0) {
                spec = spec.withStatus(DeviceStatus.DISABLED, "maintenance");
            }
            registry.create(OPERATOR, spec);
        }
        List<String> seen = new ArrayList<>();
        DeviceQuery query = DeviceQuery.firstPage(10);
        DevicePage page;
        do {
            page = registry.list(query);
            page.devices().forEach(d -> seen.add(d.id().deviceId()));
            query = query.after(page.continuationToken());
        } while (page.hasMore());
        assertThat(seen).hasSize(25).isSorted();

        assertThat(registry.list(new DeviceQuery(DeviceStatus.DISABLED, null, null, null, null, 100)).devices())
                .hasSize(5);
        assertThat(registry.list(new DeviceQuery(null, "floor", "odd", null, null, 100)).devices()).hasSize(12);
        assertThat(registry.list(new DeviceQuery(DeviceStatus.DISABLED, "floor", "even", null, null, 100))
                .devices()).extracting(d -> d.id().deviceId()).containsExactly("p00", "p10", "p20");
    }

    @Test
    void importIsAllOrNothing() {
        registry.create(OPERATOR, DeviceSpec.sasDevice(IdentityId.device("exists")));
        List<ImportItem> items = List.of(
                new ImportItem(1, ImportMode.CREATE, DeviceSpec.sasDevice(IdentityId.device("new-1"))),
                new ImportItem(2, ImportMode.CREATE, DeviceSpec.sasDevice(IdentityId.device("exists"))),
                new ImportItem(3, ImportMode.CREATE, DeviceSpec.sasDevice(IdentityId.device("new-2"))));

        assertThatThrownBy(() -> registry.importDevices(OPERATOR, items))
                .isInstanceOf(HubException.Invalid.class).hasMessageContaining("line 2");

        assertThat(registry.countDevices()).isEqualTo(1);
        AuditRecord audit = lastAudit();
        assertThat(audit.action()).isEqualTo("device.import");
        assertThat(audit.outcome()).isEqualTo(AuditOutcome.FAILURE);
    }

    @Test
    void importCreatesUpdatesAndDeletesInOneGo() {
        Device keep = registry.create(OPERATOR, DeviceSpec.sasDevice(IdentityId.device("keep")));
        registry.create(OPERATOR, DeviceSpec.sasDevice(IdentityId.device("gone")));
        ImportResult result = registry.importDevices(OPERATOR, List.of(
                new ImportItem(1, ImportMode.CREATE, DeviceSpec.sasDevice(IdentityId.device("fresh"))),
                new ImportItem(2, ImportMode.CREATE, DeviceSpec.sasDevice(IdentityId.module("fresh", "m"))),
                new ImportItem(3, ImportMode.CREATE_OR_UPDATE,
                        DeviceSpec.sasDevice(keep.id()).withStatus(DeviceStatus.DISABLED, "audit")),
                new ImportItem(4, ImportMode.DELETE, DeviceSpec.sasDevice(IdentityId.device("gone")))));
        assertThat(result).isEqualTo(new ImportResult(2, 1, 1));
        assertThat(registry.get(keep.id()).status()).isEqualTo(DeviceStatus.DISABLED);
        assertThat(registry.get(keep.id()).authentication().symmetricKey())
                .isEqualTo(keep.authentication().symmetricKey());
        assertThat(registry.modules("fresh")).hasSize(1);
        assertThatThrownBy(() -> registry.get(IdentityId.device("gone"))).isInstanceOf(HubException.NotFound.class);
    }

    @Test
    void importRefusesAnIdNamedTwice() {
        assertThatThrownBy(() -> registry.importDevices(OPERATOR, List.of(
                new ImportItem(1, ImportMode.CREATE, DeviceSpec.sasDevice(IdentityId.device("x"))),
                new ImportItem(2, ImportMode.CREATE_OR_UPDATE, DeviceSpec.sasDevice(IdentityId.device("x"))))))
                .hasMessageContaining("line 2").hasMessageContaining("line 1");
        assertThat(registry.countDevices()).isZero();
    }

    @Test
    void everyWriteAndEveryKeyReadIsAudited() { // S-AUD-1
        Device device = registry.create(OPERATOR, DeviceSpec.sasDevice(IdentityId.device("a1")));
        registry.getWithKeys(OPERATOR, device.id());
        registry.regenerateKey(OPERATOR, device.id(), KeySlot.BOTH);
        assertThatThrownBy(() -> registry.delete(OPERATOR, device.id(), "stale"))
                .isInstanceOf(HubException.PreconditionFailed.class);
        registry.delete(OPERATOR, device.id(), DeviceRegistry.ANY_ETAG);

        List<AuditRecord> records = hub.audit.query(AuditQuery.all(100));
        assertThat(records).extracting(AuditRecord::action).containsExactly(
                "device.create", "device.read-keys", "device.regenerate-key", "device.delete", "device.delete");
        assertThat(records).extracting(AuditRecord::outcome).containsExactly(AuditOutcome.SUCCESS,
                AuditOutcome.SUCCESS, AuditOutcome.SUCCESS, AuditOutcome.FAILURE, AuditOutcome.SUCCESS);
        assertThat(records).allSatisfy(r -> {
            assertThat(r.actor()).isEqualTo(OPERATOR.name());
            assertThat(r.source()).isEqualTo(OPERATOR.source());
            assertThat(r.target()).isEqualTo("device:a1");
        });
    }

    private AuditRecord lastAudit() {
        return hub.store.audit().last().orElseThrow();
    }

    /** Share of one bits over all keys: a smoke check that keys are not constant or counter-like. */
    private static double bitBalance(Set<String> keys) {
        long ones = 0;
        long bits = 0;
        for (String key : keys) {
            for (byte b : Base64.getDecoder().decode(key)) {
                ones += Integer.bitCount(b & 0xff);
                bits += 8;
            }
        }
        return (double) ones / bits;
    }
}
