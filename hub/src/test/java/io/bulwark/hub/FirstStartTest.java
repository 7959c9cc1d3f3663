package io.bulwark.hub;

import static org.assertj.core.api.Assertions.assertThat;

import io.bulwark.hub.audit.AuditRecord;
import io.bulwark.hub.auth.AccessPolicy;
import io.bulwark.hub.auth.BuiltInPolicies;
import io.bulwark.hub.auth.Permission;
import io.bulwark.hub.registry.SymmetricKeyGenerator;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The built-in policies: created once with fresh keys, and the owner kept holding every permission. */
class FirstStartTest {

    @TempDir
    Path dir;

    private final SymmetricKeyGenerator keys = new SymmetricKeyGenerator(new SecureRandom());

    @Test
    void aSecondStartCreatesNothing() {
        try (TestHubCore core = new TestHubCore(dir)) {
            DataFolder folder = new DataFolder(dir);
            assertThat(FirstStart.ensurePolicies(core.store.policies(), keys, folder, "hub.example.com", core.audit))
                    .isTrue();
            AccessPolicy owner = core.store.policies().find(BuiltInPolicies.OWNER).orElseThrow();
            assertThat(FirstStart.ensurePolicies(core.store.policies(), keys, folder, "hub.example.com", core.audit))
                    .isFalse();
            assertThat(core.store.policies().find(BuiltInPolicies.OWNER).orElseThrow().keys()).isEqualTo(owner.keys());
        }
    }

    @Test
    void anOwnerPolicyFromAnOlderBuildIsGrantedNewPermissionsWithItsKeysKept() {
        try (TestHubCore core = new TestHubCore(dir)) {
            DataFolder folder = new DataFolder(dir);
            FirstStart.ensurePolicies(core.store.policies(), keys, folder, "hub.example.com", core.audit);
            AccessPolicy current = core.store.policies().find(BuiltInPolicies.OWNER).orElseThrow();
            EnumSet<Permission> older = EnumSet.allOf(Permission.class);
            older.remove(Permission.ROUTE_WRITE);
            core.store.policies().save(new AccessPolicy(current.name(), current.keys(), older));

            FirstStart.ensurePolicies(core.store.policies(), keys, folder, "hub.example.com", core.audit);

            AccessPolicy upgraded = core.store.policies().find(BuiltInPolicies.OWNER).orElseThrow();
            assertThat(upgraded.permissions()).containsExactlyInAnyOrder(Permission.values());
            assertThat(upgraded.keys()).isEqualTo(current.keys());
            AuditRecord record = core.audit.latest().orElseThrow();
            assertThat(record.action()).isEqualTo("policy.update");
            assertThat(record.target()).isEqualTo("policy:iothubowner");
            assertThat(record.detail()).contains("RouteWrite");
            assertThat(core.store.policies().find("service").orElseThrow().permissions())
                    .containsExactly(Permission.SERVICE_CONNECT);
        }
    }

    @Test
    void anOwnerPolicyFromBeforeAlertsIsGrantedAlertReadAndAlertWrite() {
        try (TestHubCore core = new TestHubCore(dir)) {
            DataFolder folder = new DataFolder(dir);
            FirstStart.ensurePolicies(core.store.policies(), keys, folder, "hub.example.com", core.audit);
            AccessPolicy current = core.store.policies().find(BuiltInPolicies.OWNER).orElseThrow();
            EnumSet<Permission> older = EnumSet.allOf(Permission.class);
            older.removeAll(EnumSet.of(Permission.ALERT_READ, Permission.ALERT_WRITE));
            core.store.policies().save(new AccessPolicy(current.name(), current.keys(), older));

            FirstStart.ensurePolicies(core.store.policies(), keys, folder, "hub.example.com", core.audit);

            assertThat(core.store.policies().find(BuiltInPolicies.OWNER).orElseThrow().permissions())
                    .contains(Permission.ALERT_READ, Permission.ALERT_WRITE);
            assertThat(core.audit.latest().orElseThrow().detail())
                    .isEqualTo("granted permissions added by this version: [AlertRead, AlertWrite]");
            assertThat(core.store.policies().find("service").orElseThrow().permissions())
                    .doesNotContain(Permission.ALERT_READ, Permission.ALERT_WRITE);
        }
    }
}
