package io.bulwark.hub.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bulwark.hub.HubException;
import io.bulwark.hub.audit.AuditOutcome;
import io.bulwark.hub.audit.AuditQuery;
import io.bulwark.hub.audit.AuditRecord;
import io.bulwark.hub.auth.AccessPolicy;
import io.bulwark.hub.auth.Permission;
import io.bulwark.hub.registry.Authentication;
import io.bulwark.hub.registry.Device;
import io.bulwark.hub.registry.DevicePage;
import io.bulwark.hub.registry.DeviceQuery;
import io.bulwark.hub.registry.DeviceStatus;
import io.bulwark.hub.registry.IdentityId;
import io.bulwark.hub.registry.SymmetricKeyGenerator;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every storage backend must do, whatever it is built on. The embedded SQLite store runs it now; the scale-out
 * backends will extend it too.
 */
public abstract class StoreContractTest {

    protected static final SymmetricKeyGenerator KEYS = new SymmetricKeyGenerator(new SecureRandom());
    private static final Instant T0 = Instant.parse("2026-11-25T04:00:00.123Z");

    protected Store store;

    protected abstract Store openStore();

    @BeforeEach
    void open() {
        store = openStore();
    }

    @AfterEach
    void close() {
        store.close();
    }

    protected static Device device(IdentityId id, DeviceStatus status, Map<String, String> tags, String parentScope) {
        return new Device(id, KEYS.newGenerationId(), KEYS.newEtag(), status, null, T0,
                Authentication.sas(KEYS.newKeyPair()), false, parentScope,
                parentScope == null ? List.of() : List.of(parentScope), tags, T0, T0);
    }

    protected static Device device(String id) {
        return device(IdentityId.device(id), DeviceStatus.ENABLED, Map.of(), null);
    }

    @Test
    void storesAndFindsADeviceExactly() {
        Device device = device(IdentityId.device("d1"), DeviceStatus.DISABLED, Map.of("a", "b"), null);
        store.devices().insert(device);
        assertThat(store.devices().find(device.id())).contains(device);
        assertThat(store.devices().find(IdentityId.device("d2"))).isEmpty();
    }

    @Test
    void refusesADuplicateInsert() {
        store.devices().insert(device("d1"));
        assertThatThrownBy(() -> store.devices().insert(device("d1"))).isInstanceOf(HubException.Conflict.class);
    }

    @Test
    void replacesOnlyWhenTheEtagStillMatches() {
        Device original = device("d1");
        store.devices().insert(original);
        Device changed = new Device(original.id(), original.generationId(), "etag-2", DeviceStatus.DISABLED,
                "why", T0, original.authentication(), false, null, List.of(), Map.of("k", "v"), T0, T0);
        assertThat(store.devices().replace(changed, "not-the-etag")).isFalse();
        assertThat(store.devices().find(original.id())).contains(original);
        assertThat(store.devices().replace(changed, original.etag())).isTrue();
        assertThat(store.devices().find(original.id())).contains(changed);
    }

    @Test
    void deletingADeviceDeletesItsModules() {
        store.devices().insert(device("d1"));
        store.devices().insert(device(IdentityId.module("d1", "m1"), DeviceStatus.ENABLED, Map.of(), null));
        store.devices().insert(device(IdentityId.module("d1", "m2"), DeviceStatus.ENABLED, Map.of(), null));
        assertThat(store.devices().modulesOf("d1")).hasSize(2);
        assertThat(store.devices().countDevices()).isEqualTo(1);
        assertThat(store.devices().delete(IdentityId.module("d1", "m1"))).isTrue();
        assertThat(store.devices().modulesOf("d1")).extracting(d -> d.id().moduleId()).containsExactly("m2");
        assertThat(store.devices().delete(IdentityId.device("d1"))).isTrue();
        assertThat(store.devices().find(IdentityId.module("d1", "m2"))).isEmpty();
        assertThat(store.devices().delete(IdentityId.device("d1"))).isFalse();
    }

    @Test
    void listsByKeyWithFilters() {
        String scope = "ms-azure-iot-edge://gw-123";
        for (int i = 0; i < 30; i++) {
            Map<String, String> tags = i % 3 == 0 ? Map.of("zone", i % 2 == 0 ? "a" : "b") : Map.of();
            store.devices().insert(device(IdentityId.device(String.format("n%02d", i)),
                    i < 10 ? DeviceStatus.DISABLED : DeviceStatus.ENABLED, tags, i >= 25 ? scope : null));
        }
        store.devices().insert(device(IdentityId.module("n00", "m"), DeviceStatus.DISABLED, Map.of("zone", "a"),
                null));
        List<String> all = new ArrayList<>();
        DeviceQuery query = DeviceQuery.firstPage(7);
        DevicePage page;
        do {
            page = store.devices().list(query);
            page.devices().forEach(d -> all.add(d.id().toString()));
            query = query.after(page.continuationToken());
        } while (page.hasMore());
        assertThat(all).hasSize(30).isSorted().doesNotContain("n00/m");

        assertThat(list(new DeviceQuery(DeviceStatus.DISABLED, null, null, null, null, 100))).hasSize(10);
        assertThat(list(new DeviceQuery(null, "zone", null, null, null, 100))).hasSize(10);
        assertThat(list(new DeviceQuery(null, "zone", "a", null, null, 100)))
                .containsExactly("n00", "n06", "n12", "n18", "n24");
        assertThat(list(new DeviceQuery(DeviceStatus.ENABLED, "zone", "a", null, null, 100)))
                .containsExactly("n12", "n18", "n24");
        assertThat(list(new DeviceQuery(null, null, null, "gw", null, 100)))
                .containsExactly("n25", "n26", "n27", "n28", "n29");
    }

    @Test
    void updatesTagIndexOnReplace() {
        Device original = device(IdentityId.device("t1"), DeviceStatus.ENABLED, Map.of("color", "red"), null);
        store.devices().insert(original);
        Device recolored = new Device(original.id(), original.generationId(), "e2", original.status(), null, T0,
                original.authentication(), false, null, List.of(), Map.of("color", "blue"), T0, T0);
        store.devices().replace(recolored, original.etag());
        assertThat(list(new DeviceQuery(null, "color", "red", null, null, 10))).isEmpty();
        assertThat(list(new DeviceQuery(null, "color", "blue", null, null, 10))).containsExactly("t1");
    }

    @Test
    void importIsOneTransaction() {
        store.devices().insert(device("existing"));
        List<Device> inserts = List.of(device("i1"), device("i2"), device("existing"));
        assertThatThrownBy(() -> store.devices().importAll(inserts, List.of(), List.of()))
                .isInstanceOf(RuntimeException.class);
        assertThat(store.devices().countDevices()).isEqualTo(1);
        assertThat(store.devices().find(IdentityId.device("i1"))).isEmpty();

        store.devices().importAll(List.of(device("i1"), device("i2")), List.of(),
                List.of(IdentityId.device("existing")));
        assertThat(list(DeviceQuery.firstPage(10))).containsExactly("i1", "i2");
    }

    @Test
    void exportsEveryIdentityInOrder() {
        for (int i = 0; i < 2_500; i++) {
            store.devices().insert(device(String.format("e%04d", i)));
        }
        store.devices().insert(device(IdentityId.module("e0001", "m"), DeviceStatus.ENABLED, Map.of(), null));
        List<String> seen = new ArrayList<>();
        store.devices().forEach(d -> seen.add(d.id().toString()));
        assertThat(seen).hasSize(2_501).startsWith("e0000", "e0001", "e0001/m", "e0002").isSorted();
    }

    @Test
    void savesAndReplacesPolicies() {
        AccessPolicy policy = new AccessPolicy("ops", KEYS.newKeyPair(), EnumSet.of(Permission.REGISTRY_READ));
        store.policies().save(policy);
        assertThat(store.policies().find("ops")).contains(policy);
        AccessPolicy rotated = new AccessPolicy("ops", KEYS.newKeyPair(),
                EnumSet.of(Permission.REGISTRY_READ, Permission.AUDIT_READ));
        store.policies().save(rotated);
        assertThat(store.policies().all()).containsExactly(rotated);
        assertThat(store.policies().find("nope")).isEmpty();
    }

    @Test
    void storesCertificateAuthoritiesByNameAndRefusesTheSameCertificateTwice() {
        var root = io.bulwark.hub.x509.TestCertificates.rootCa("Fleet Root");
        var ca = new io.bulwark.hub.x509.RegisteredCa("fleet", root.certificate(), root.thumbprint(), "code-1",
                "e1", T0, null);
        assertThat(store.certificateAuthorities().insert(ca)).isTrue();
        assertThat(store.certificateAuthorities().insert(new io.bulwark.hub.x509.RegisteredCa("fleet-copy",
                root.certificate(), root.thumbprint(), "code-2", "e2", T0, null))).isFalse();
        var found = store.certificateAuthorities().find("fleet").orElseThrow();
        assertThat(found.certificate()).isEqualTo(root.certificate());
        assertThat(found.verificationCode()).isEqualTo("code-1");
        assertThat(store.certificateAuthorities().replace(ca.verified("e3", T0.plusSeconds(1)), "stale")).isFalse();
        assertThat(store.certificateAuthorities().replace(ca.verified("e3", T0.plusSeconds(1)), "e1")).isTrue();
        assertThat(store.certificateAuthorities().find("fleet").orElseThrow().verifiedTime())
                .isEqualTo(T0.plusSeconds(1));
        assertThat(store.certificateAuthorities().list()).extracting(io.bulwark.hub.x509.RegisteredCa::name)
                .containsExactly("fleet");
        assertThat(store.certificateAuthorities().delete("fleet")).isTrue();
        assertThat(store.certificateAuthorities().delete("fleet")).isFalse();
        assertThat(store.certificateAuthorities().list()).isEmpty();
    }

    @Test
    void appendsAndQueriesAuditRecords() {
        for (int i = 1; i <= 5; i++) {
            store.audit().append(new AuditRecord(i, T0.plusSeconds(i), i % 2 == 0 ? "alice" : "bob", "act" + (i % 2),
                    "t" + i, i == 5 ? AuditOutcome.DENIED : AuditOutcome.SUCCESS, "10.0.0." + i, "detail " + i,
                    "p" + i, "h" + i));
        }
        assertThat(store.audit().last().map(AuditRecord::sequence)).contains(5L);
        assertThat(store.audit().query(new AuditQuery("alice", null, null, null, null, null, 0, 10)))
                .extracting(AuditRecord::sequence).containsExactly(2L, 4L);
        assertThat(store.audit().query(new AuditQuery(null, null, null, AuditOutcome.DENIED, null, null, 0, 10)))
                .extracting(AuditRecord::sequence).containsExactly(5L);
        assertThat(store.audit().query(new AuditQuery(null, null, null, null, T0.plusSeconds(2), T0.plusSeconds(3),
                0, 10))).extracting(AuditRecord::sequence).containsExactly(2L, 3L);
        assertThat(store.audit().query(new AuditQuery(null, null, null, null, null, null, 3, 1)))
                .extracting(AuditRecord::sequence).containsExactly(4L);
        List<AuditRecord> all = new ArrayList<>();
        store.audit().forEachInSequence(all::add);
        assertThat(all).hasSize(5);
        assertThat(all.get(0).time()).isEqualTo(T0.plusSeconds(1));
        assertThat(all.get(4).detail()).isEqualTo("detail 5");
    }

    private List<String> list(DeviceQuery query) {
        return store.devices().list(query).devices().stream().map(d -> d.id().toString()).toList();
    }
}
