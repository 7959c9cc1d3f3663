package io.bulwark.hub.store.sqlite;

import io.bulwark.hub.audit.AuditRepository;
import io.bulwark.hub.auth.PolicyRepository;
import io.bulwark.hub.registry.DeviceRepository;
import io.bulwark.hub.registry.KeyRotations;
import io.bulwark.hub.security.fleetaudit.FleetAuditRepository;
import io.bulwark.hub.security.posture.DeviceClassRepository;
import io.bulwark.hub.security.posture.PostureRepository;
import io.bulwark.hub.secrets.OwnerOnlyFiles;
import io.bulwark.hub.secrets.SecretSealer;
import io.bulwark.hub.c2d.C2dRepository;
import io.bulwark.hub.store.Store;
import io.bulwark.hub.twin.TwinRepository;
import io.bulwark.hub.webhook.WebhookRepository;
import io.bulwark.hub.x509.CaRepository;
import io.bulwark.hub.x509.IssuedCertificateRepository;
import io.bulwark.hub.x509.RevocationRepository;
import io.bulwark.hub.security.alert.AlertRepository;
import java.nio.file.Path;

/**
 * The embedded default store: one SQLite file in WAL mode, owner-only, with every commit synced to disk. SQLite
 * creates its {@code -wal} and {@code -shm} files with the database file's permissions.
 */
public final class SqliteStore implements Store {

    /**
     * Read-only connections beside the writing one, for the lookups of every request (device, policy, a device's
     * next cloud-to-device messages); each is held only for one query.
     */
    static final int READERS = 4;

    private final SqliteDatabase database;
    private final SqliteDeviceRepository devices;
    private final SqlitePolicyRepository policies;
    private final SqliteAuditRepository audit;
    private final SqliteTwinRepository twins;
    private final SqliteC2dRepository messages;
    private final SqliteWebhookRepository webhooks;
    private final SqliteCaRepository certificateAuthorities;
    private final SqliteRevocationRepository certificateRevocations;
    private final SqliteAlertRepository alerts;
    private final SqliteDeviceClassRepository deviceClasses;
    private final SqlitePostureRepository postures;
    private final SqliteFleetAuditRepository fleetAudits;
    private final SqliteKeyRotations keyRotations;
    private final SqliteIssuedCertificateRepository issuedCertificates;

    private SqliteStore(SqliteDatabase database, SecretSealer sealer) {
        this.database = database;
        this.devices = new SqliteDeviceRepository(database, new DeviceRows(sealer));
        this.policies = new SqlitePolicyRepository(database, sealer);
        this.audit = new SqliteAuditRepository(database);
        this.twins = new SqliteTwinRepository(database);
        this.messages = new SqliteC2dRepository(database);
        this.webhooks = new SqliteWebhookRepository(database, sealer);
        this.certificateAuthorities = new SqliteCaRepository(database);
        this.certificateRevocations = new SqliteRevocationRepository(database);
        this.alerts = new SqliteAlertRepository(database);
        this.deviceClasses = new SqliteDeviceClassRepository(database);
        this.postures = new SqlitePostureRepository(database);
        this.fleetAudits = new SqliteFleetAuditRepository(database);
        this.keyRotations = new SqliteKeyRotations(database);
        this.issuedCertificates = new SqliteIssuedCertificateRepository(database);
    }

    public static SqliteStore open(Path databaseFile, SecretSealer sealer) {
        OwnerOnlyFiles.ensureFile(databaseFile);
        SqliteDatabase database = SqliteDatabase.open(databaseFile, READERS);
        try {
            SchemaMigrations.apply(database);
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
        return new SqliteStore(database, sealer);
    }

    @Override
    public DeviceRepository devices() {
        return devices;
    }

    @Override
    public PolicyRepository policies() {
        return policies;
    }

    @Override
    public AuditRepository audit() {
        return audit;
    }

    @Override
    public TwinRepository twins() {
        return twins;
    }

    @Override
    public C2dRepository cloudToDevice() {
        return messages;
    }

    @Override
    public WebhookRepository webhooks() {
        return webhooks;
    }

    @Override
    public CaRepository certificateAuthorities() {
        return certificateAuthorities;
    }

    @Override
    public RevocationRepository certificateRevocations() {
        return certificateRevocations;
    }

    @Override
    public AlertRepository alerts() {
        return alerts;
    }

    @Override
    public DeviceClassRepository deviceClasses() {
        return deviceClasses;
    }

    @Override
    public PostureRepository postures() {
        return postures;
    }

    @Override
    public FleetAuditRepository fleetAudits() {
        return fleetAudits;
    }

    @Override
    public KeyRotations keyRotations() {
        return keyRotations;
    }

    @Override
    public IssuedCertificateRepository issuedCertificates() {
        return issuedCertificates;
    }

    @Override
    public void close() {
        database.close();
    }
}
