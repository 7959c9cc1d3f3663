package io.bulwark.hub.security.fleetaudit;

import static org.assertj.core.api.Assertions.assertThat;

import io.bulwark.hub.TestHubCore;
import io.bulwark.hub.audit.Actor;
import io.bulwark.hub.audit.AuditOutcome;
import io.bulwark.hub.audit.AuditVerifier;
import io.bulwark.hub.auth.AccessPolicy;
import io.bulwark.hub.auth.BuiltInPolicies;
import io.bulwark.hub.auth.Permission;
import io.bulwark.hub.registry.AuthenticationType;
import io.bulwark.hub.registry.DevicePresence;
import io.bulwark.hub.registry.DeviceSpec;
import io.bulwark.hub.registry.DeviceStatus;
import io.bulwark.hub.registry.IdentityId;
import io.bulwark.hub.registry.SymmetricKeyGenerator;
import io.bulwark.hub.registry.SymmetricKeys;
import io.bulwark.hub.registry.X509Thumbprints;
import io.bulwark.hub.security.posture.BaselineRules;
import io.bulwark.hub.security.posture.DeviceClass;
import io.bulwark.hub.security.posture.DeviceClasses;
import io.bulwark.hub.security.posture.Severity;
import io.bulwark.hub.security.posture.Snapshots;
import io.bulwark.hub.security.posture.StoredPosture;
import io.bulwark.hub.tls.HubCertificateAuthority;
import io.bulwark.hub.x509.CertificateId;
import io.bulwark.hub.x509.CertificateRevocations;
import io.bulwark.hub.x509.IssuedCertificate;
import io.bulwark.hub.x509.RegisteredCa;
import io.bulwark.hub.x509.TestCertificates;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * S-MON-3: every fleet audit check, each on a fleet seeded with exactly one bad state, expecting exactly that finding;
 * and the whole set on a clean fleet, expecting none.
 */
class FleetAuditChecksTest {

    private static final Actor OPERATOR = TestHubCore.OPERATOR;
    private static final String THUMBPRINT_A = "a".repeat(64);
    private static final String THUMBPRINT_B = "b".repeat(64);

    @TempDir
    Path dir;
    TestHubCore core;
    HubCertificateAuthority hubCa;
    CertificateRevocations revocations;
    DeviceClasses classes;
    DevicePresence presence;
    final SymmetricKeyGenerator keys = new SymmetricKeyGenerator(new SecureRandom());
    final Clock clock = Clock.systemUTC();
    AuditPeriod period;

    @BeforeEach
    void start() {
        core = new TestHubCore(dir);
        hubCa = HubCertificateAuthority.loadOrCreate(dir);
        revocations = new CertificateRevocations(core.store.certificateRevocations(), core.audit, clock);
        classes = new DeviceClasses(core.store.deviceClasses(), core.store.devices(), core.audit, clock);
        presence = new DevicePresence(clock);
        for (AccessPolicy policy : BuiltInPolicies.generate(keys)) {
            core.store.policies().save(policy);
            core.audit.record(Actor.HUB, "policy.create", "policy:" + policy.name(), AuditOutcome.SUCCESS, "");
        }
        period = new AuditPeriod(Instant.now().minus(Duration.ofDays(1)), Instant.now().plusSeconds(5));
    }

    @AfterEach
    void stop() {
        core.close();
    }

    @Test
    void aCleanFleetHasNoFindings() {
        seedCleanFleet();
        for (FleetAuditCheck check : allChecks(clock)) {
            assertThat(check.run(period)).as(check.name()).isEmpty();
        }
    }

    @Test
    void caExpiryNamesARegisteredCaExpiringWithinTheWindowAndAnExpiredOne() {
        seedCleanFleet();
        registerCa("soon", Instant.now().plus(Duration.ofDays(10)));
        registerCa("gone", Instant.now().minus(Duration.ofDays(1)));
        List<AuditFinding> findings = caExpiry(clock).run(period);
        assertThat(findings).extracting(AuditFinding::target, AuditFinding::severity).containsExactly(
                org.assertj.core.groups.Tuple.tuple("ca:gone", Severity.CRITICAL),
                org.assertj.core.groups.Tuple.tuple("ca:soon", Severity.HIGH));
    }

    @Test
    void caExpiryNamesTheHubCaWhenItExpiresWithinTheWindow() {
        Instant hubCaExpiry = hubCa.certificate().getNotAfter().toInstant();
        Clock late = Clock.fixed(hubCaExpiry.minus(Duration.ofDays(5)), ZoneOffset.UTC);
        List<AuditFinding> findings = caExpiry(late).run(period);
        assertThat(findings).extracting(AuditFinding::target).containsExactly("hub-ca");
        assertThat(findings.get(0).message()).contains("expires on " + hubCaExpiry);
    }

    @Test
    void deviceCertificateExpiryNamesIdentitiesWhoseHubIssuedCertificatesExpireWithinTheWindowOrExpired() {
        seedCleanFleet();
        Instant now = Instant.now();
        caDevice("cam-soon");
        issue("cam-soon", now.plus(Duration.ofDays(10)));
        caDevice("cam-gone");
        issue("cam-gone", now.minus(Duration.ofDays(2)));
        // Renewed: the old certificate expired, a newer one outlives the window.
        caDevice("cam-renewed");
        issue("cam-renewed", now.minus(Duration.ofDays(2)));
        issue("cam-renewed", now.plus(Duration.ofDays(200)));
        // Revoked: it cannot connect with it anyway.
        caDevice("cam-revoked");
        TestCertificates.Issued revoked = issue("cam-revoked", now.plus(Duration.ofDays(3)));
        revocations.revoke(OPERATOR, revoked.certificate());
        // Deleted: deleting it revoked its certificates; the rows stay, the identity is gone.
        caDevice("cam-deleted");
        issue("cam-deleted", now.plus(Duration.ofDays(3)));
        core.registry.delete(OPERATOR, IdentityId.device("cam-deleted"), null);

        List<AuditFinding> findings = check(DeviceCertificateExpiryCheck.class).run(period);

        assertThat(findings).extracting(AuditFinding::target, AuditFinding::severity).containsExactly(
                org.assertj.core.groups.Tuple.tuple("device:cam-gone", Severity.HIGH),
                org.assertj.core.groups.Tuple.tuple("device:cam-soon", Severity.MEDIUM));
        assertThat(findings.get(0).message()).contains("expired on");
        assertThat(findings.get(1).message()).contains("expires on", "in 9 days");
    }

    @Test
    void revokedCertificateUseNamesADeviceRegisteredWithARevokedThumbprint() {
        seedCleanFleet();
        selfSigned("cam-7", THUMBPRINT_B);
        revocations.revoke(OPERATOR, new CertificateId(THUMBPRINT_B, null, null), null);
        List<AuditFinding> findings = check(RevokedCertificateUseCheck.class).run(period);
        assertThat(findings).extracting(AuditFinding::target).containsExactly("device:cam-7");
        assertThat(findings.get(0).message()).contains(THUMBPRINT_B);
    }

    @Test
    void revokedCertificateUseNamesConnectAttemptsRefusedForARevokedCertificate() {
        seedCleanFleet();
        core.audit.record(new Actor("device:cam-9", "192.0.2.7"), "auth.failure", "device-connect",
                AuditOutcome.DENIED, "certificate revoked: device certificate " + THUMBPRINT_B + ", revoked now");
        core.audit.record(new Actor("device:cam-9", "192.0.2.7"), "auth.failure", "device-connect",
                AuditOutcome.DENIED, "unknown identity");
        List<AuditFinding> findings = check(RevokedCertificateUseCheck.class).run(period);
        assertThat(findings).extracting(AuditFinding::target).containsExactly("device:cam-9");
        assertThat(findings.get(0).message()).startsWith("1 connect attempt with a revoked certificate");
    }

    @Test
    void sharedCredentialsNameDevicesWithOneThumbprintAndDevicesWithOneKeyWithoutShowingTheKey() {
        seedCleanFleet();
        selfSigned("cam-1", THUMBPRINT_B);
        selfSigned("cam-2", THUMBPRINT_B);
        SymmetricKeys shared = keys.newKeyPair();
        sasWithKeys("clone-1", shared);
        sasWithKeys("clone-2", shared);
        List<AuditFinding> findings = check(SharedCredentialCheck.class).run(period);
        assertThat(findings).extracting(AuditFinding::message).containsExactly(
                "certificate " + THUMBPRINT_B + " is registered for 2 identities: device:cam-1, device:cam-2",
                "one SAS key is shared by 2 identities: device:clone-1, device:clone-2");
        assertThat(findings.toString()).doesNotContain(shared.primaryKey()).doesNotContain(shared.secondaryKey());
    }

    @Test
    void conflictingClientIdsNameTheDeviceWhoseConnectionWasTakenOver() { // S-AUTH-9
        seedCleanFleet();
        core.audit.record(new Actor("device:gw-1", "192.0.2.1"), "device.conflicting-connection", "device:gw-1",
                AuditOutcome.SUCCESS, "a newer connection took over");
        core.audit.record(new Actor("device:gw-1", "198.51.100.9"), "device.conflicting-connection", "device:gw-1",
                AuditOutcome.SUCCESS, "a newer connection took over");
        List<AuditFinding> findings = check(ConflictingClientIdCheck.class).run(period);
        assertThat(findings).extracting(AuditFinding::target, AuditFinding::severity)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("device:gw-1", Severity.HIGH));
        assertThat(findings.get(0).message()).startsWith("2 conflicting connections from 192.0.2.1, 198.51.100.9");
    }

    @Test
    void keyAgeNamesKeysOlderThanTheRotationPeriodButNotOnesRegeneratedSince() {
        seedCleanFleet();
        sasWithKeys("old-1", keys.newKeyPair());
        sasWithKeys("old-2", keys.newKeyPair());
        // As if old-1 and old-2 got their keys 400 days ago; gw-1's were regenerated since.
        Instant longAgo = Instant.now().minus(Duration.ofDays(400));
        core.store.keyRotations().keysSet(IdentityId.device("old-1"), longAgo);
        core.store.keyRotations().keysSet(IdentityId.device("old-2"), longAgo);
        core.store.keyRotations().keysSet(IdentityId.device("gw-1"), longAgo);
        core.registry.regenerateKey(OPERATOR, IdentityId.device("gw-1"), io.bulwark.hub.registry.KeySlot.BOTH);
        core.registry.regenerateKey(OPERATOR, IdentityId.device("old-2"), io.bulwark.hub.registry.KeySlot.PRIMARY);
        List<AuditFinding> findings = check(KeyAgeCheck.class).run(period);
        assertThat(findings).extracting(AuditFinding::target).containsExactly("device:old-1");
        assertThat(findings.get(0).message()).contains("400 days ago");
    }

    @Test
    void keyAgeCountsPoliciesFromTheirCreationRecordAndKeysChangedByAnUpdate() {
        seedCleanFleet();
        SymmetricKeys first = keys.newKeyPair();
        sasWithKeys("rekeyed", first);
        core.store.keyRotations().keysSet(IdentityId.device("rekeyed"), Instant.now().minus(Duration.ofDays(400)));
        core.registry.update(OPERATOR, new DeviceSpec(IdentityId.device("rekeyed"), DeviceStatus.ENABLED, null,
                AuthenticationType.SAS, keys.newKeyPair(), null, false, null, Map.of()), null);
        assertThat(check(KeyAgeCheck.class).run(period)).isEmpty();
        KeyAgeCheck later = new KeyAgeCheck(core.store.devices(), core.store.keyRotations(), core.store.policies(),
                core.audit, Duration.ofDays(365), Clock.offset(clock, Duration.ofDays(400)));
        assertThat(later.run(period)).extracting(AuditFinding::target).contains("device:rekeyed", "policy:service",
                "policy:iothubowner");
    }

    @Test
    void keyAgeNamesAPolicyWithoutACreationRecordAsOfUnknownAge() {
        seedCleanFleet();
        core.store.policies().save(new AccessPolicy("legacy", keys.newKeyPair(), EnumSet.of(Permission.REGISTRY_READ)));
        List<AuditFinding> findings = check(KeyAgeCheck.class).run(period);
        assertThat(findings).extracting(AuditFinding::target).containsExactly("policy:legacy");
        assertThat(findings.get(0).message()).contains("age is unknown");
    }

    @Test
    void permissivePoliciesNameDeviceConnectOnAServicePolicyAndASecondOwner() {
        seedCleanFleet();
        core.store.policies().save(new AccessPolicy("service", keys.newKeyPair(),
                EnumSet.of(Permission.SERVICE_CONNECT, Permission.DEVICE_CONNECT)));
        core.store.policies().save(new AccessPolicy("admin", keys.newKeyPair(), EnumSet.allOf(Permission.class)));
        List<AuditFinding> findings = check(PermissivePolicyCheck.class).run(period);
        assertThat(findings).extracting(AuditFinding::target, AuditFinding::severity).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple("policy:admin", Severity.CRITICAL),
                org.assertj.core.groups.Tuple.tuple("policy:service", Severity.HIGH));
    }

    @Test
    void auditChainNamesAnEditedRecord() throws Exception { // S-AUD-1
        seedCleanFleet();
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("hub.db"));
             Statement statement = db.createStatement()) {
            statement.executeUpdate("UPDATE audit_log SET detail = 'nothing to see' WHERE sequence = 2");
        }
        List<AuditFinding> findings = check(AuditChainCheck.class).run(period);
        assertThat(findings).extracting(AuditFinding::target, AuditFinding::severity)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("audit-log", Severity.CRITICAL));
        assertThat(findings.get(0).message()).contains("first bad record 2");
    }

    @Test
    void silentDevicesNameADeviceNotHeardFromWithinItsClassInterval() {
        seedCleanFleet();
        Clock later = Clock.offset(clock, Duration.ofHours(2));
        presence.connected(IdentityId.device("gw-1"), "192.0.2.1");
        SilentDeviceCheck check = new SilentDeviceCheck(core.store.devices(), core.store.deviceClasses(),
                presence, core.store.postures(), Instant.now().minus(Duration.ofDays(1)), later);
        core.registry.create(OPERATOR, DeviceSpec.sasDevice(IdentityId.device("gw-2"))
                .withTags(Map.of(DeviceClass.TAG, "gateway")));
        List<AuditFinding> findings = check.run(period);
        // Both gateways expect a report every hour; two hours on, neither has been heard from since.
        assertThat(findings).extracting(AuditFinding::target).containsExactly("device:gw-1", "device:gw-2");
        presence.active(IdentityId.device("gw-1"));
        assertThat(new SilentDeviceCheck(core.store.devices(), core.store.deviceClasses(), presence,
                core.store.postures(), Instant.now().minus(Duration.ofDays(1)), Clock.offset(clock,
                Duration.ofMinutes(30))).run(period)).isEmpty();
    }

    @Test
    void silentDevicesSkipDisabledDevices() {
        seedCleanFleet();
        core.registry.create(OPERATOR, DeviceSpec.sasDevice(IdentityId.device("gw-off"))
                .withTags(Map.of(DeviceClass.TAG, "gateway")).withStatus(DeviceStatus.DISABLED, "retired"));
        SilentDeviceCheck check = new SilentDeviceCheck(core.store.devices(), core.store.deviceClasses(),
                presence, core.store.postures(), Instant.now(), Clock.offset(clock, Duration.ofMinutes(30)));
        assertThat(check.run(period)).isEmpty();
    }

    @Test
    void minimumVersionsNameADeviceWhoseLatestPostureIsBelowItsClass() {
        seedCleanFleet();
        Instant now = Instant.now();
        core.store.postures().save(new StoredPosture("gw-1", 5, now, now, Snapshots.withFirmware("2.3.9")),
                List.of());
        List<AuditFinding> findings = check(MinimumVersionCheck.class).run(period);
        assertThat(findings).extracting(AuditFinding::target).containsExactly("device:gw-1");
        assertThat(findings.get(0).message()).startsWith("firmware 2.3.9 is below the class minimum 2.4.0");
    }

    /** One gateway of a strict class with a healthy posture, heard from now; built-in policies; the hub CA. */
    private void seedCleanFleet() {
        classes.put(OPERATOR, "gateway", Snapshots.strict(), 3600L, null);
        core.registry.create(OPERATOR, DeviceSpec.sasDevice(IdentityId.device("gw-1"))
                .withTags(Map.of(DeviceClass.TAG, "gateway")));
        selfSigned("cam-0", THUMBPRINT_A);
        registerCa("fleet", Instant.now().plus(Duration.ofDays(400)));
        Instant now = Instant.now();
        core.store.postures().save(new StoredPosture("gw-1", 1, now, now, Snapshots.healthy()), List.of());
        presence.connected(IdentityId.device("gw-1"), "192.0.2.1");
        caDevice("cam-ca");
        issue("cam-ca", now.plus(Duration.ofDays(300)));
    }

    private List<FleetAuditCheck> allChecks(Clock at) {
        return List.of(caExpiry(at),
                new DeviceCertificateExpiryCheck(core.store.issuedCertificates(), revocations, core.store.devices(),
                        Duration.ofDays(30), at),
                new RevokedCertificateUseCheck(core.store.devices(), revocations, core.audit),
                new SharedCredentialCheck(core.store.devices(), new SecureRandom()),
                new ConflictingClientIdCheck(core.audit),
                new KeyAgeCheck(core.store.devices(), core.store.keyRotations(), core.store.policies(), core.audit,
                        Duration.ofDays(365), at),
                new PermissivePolicyCheck(core.store.policies()),
                new AuditChainCheck(new AuditVerifier(core.chain), core.store.audit(), core.head),
                new SilentDeviceCheck(core.store.devices(), core.store.deviceClasses(), presence,
                        core.store.postures(), Instant.now(), at),
                new MinimumVersionCheck(core.store.postures(), core.store.deviceClasses(),
                        deviceId -> classes.className(deviceId).orElse(null), new BaselineRules()));
    }

    private <T extends FleetAuditCheck> T check(Class<T> type) {
        return allChecks(clock).stream().filter(type::isInstance).map(type::cast).findFirst().orElseThrow();
    }

    private CaExpiryCheck caExpiry(Clock at) {
        return new CaExpiryCheck(core.store.certificateAuthorities(), hubCa.certificate(), Duration.ofDays(30), at);
    }

    private void registerCa(String name, Instant notAfter) {
        TestCertificates.Issued ca = TestCertificates.certificate(name).ca()
                .validity(notAfter.minus(Duration.ofDays(800)), notAfter).build();
        core.store.certificateAuthorities().insert(new RegisteredCa(name, ca.certificate(), ca.thumbprint(), null,
                "etag-" + name, Instant.now(), Instant.now()));
    }

    private void selfSigned(String id, String thumbprint) {
        core.registry.create(OPERATOR, new DeviceSpec(IdentityId.device(id), DeviceStatus.ENABLED, null,
                AuthenticationType.SELF_SIGNED, null, new X509Thumbprints(thumbprint, null), false, null, Map.of()));
    }

    private void caDevice(String id) {
        core.registry.create(OPERATOR, new DeviceSpec(IdentityId.device(id), DeviceStatus.ENABLED, null,
                AuthenticationType.CERTIFICATE_AUTHORITY, null, null, false, null, Map.of()));
    }

    /** A certificate as the hub CA records one it issued, valid until {@code notAfter} (X.509: whole seconds). */
    private TestCertificates.Issued issue(String deviceId, Instant notAfter) {
        Instant until = notAfter.truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        TestCertificates.Issued leaf = TestCertificates.certificate(deviceId)
                .validity(until.minus(Duration.ofDays(400)), until).build();
        core.store.issuedCertificates().insert(new IssuedCertificate(IdentityId.device(deviceId),
                leaf.certificate().getSerialNumber().toString(16), leaf.thumbprint(), until.minus(Duration.ofDays(400)),
                until, Instant.now(), IssuedCertificate.Origin.REST, leaf.certificate()));
        return leaf;
    }

    private void sasWithKeys(String id, SymmetricKeys deviceKeys) {
        core.registry.create(OPERATOR, new DeviceSpec(IdentityId.device(id), DeviceStatus.ENABLED, null,
                AuthenticationType.SAS, deviceKeys, null, false, null, Map.of()));
    }
}
