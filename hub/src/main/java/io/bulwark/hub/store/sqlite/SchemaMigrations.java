package io.bulwark.hub.store.sqlite;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The schema, as an ordered list of steps. A database records the last step applied; opening it applies the rest,
 * each in its own transaction. Steps are never edited once released: a change is a new step.
 */
final class SchemaMigrations {

    private static final List<String[]> STEPS = List.<String[]>of(
            new String[] {
                """
                CREATE TABLE devices (
                    device_id TEXT NOT NULL,
                    module_id TEXT NOT NULL DEFAULT '',
                    generation_id TEXT NOT NULL,
                    etag TEXT NOT NULL,
                    status TEXT NOT NULL,
                    status_reason TEXT,
                    status_updated_time TEXT NOT NULL,
                    auth_type TEXT NOT NULL,
                    primary_key_sealed TEXT,
                    secondary_key_sealed TEXT,
                    primary_thumbprint TEXT,
                    secondary_thumbprint TEXT,
                    iot_edge INTEGER NOT NULL,
                    device_scope TEXT,
                    parent_scopes TEXT NOT NULL,
                    parent_device_id TEXT,
                    tags TEXT NOT NULL,
                    created_time TEXT NOT NULL,
                    last_updated_time TEXT NOT NULL,
                    PRIMARY KEY (device_id, module_id)
                ) WITHOUT ROWID""",
                "CREATE INDEX devices_by_status ON devices (status, device_id) WHERE module_id = ''",
                "CREATE INDEX devices_by_parent ON devices (parent_device_id, device_id) WHERE module_id = ''",
                """
                CREATE TABLE device_tags (
                    device_id TEXT NOT NULL,
                    module_id TEXT NOT NULL,
                    name TEXT NOT NULL,
                    value TEXT NOT NULL,
                    PRIMARY KEY (device_id, module_id, name)
                ) WITHOUT ROWID""",
                "CREATE INDEX device_tags_by_name ON device_tags (name, value, device_id)",
                """
                CREATE TABLE policies (
                    name TEXT PRIMARY KEY,
                    primary_key_sealed TEXT NOT NULL,
                    secondary_key_sealed TEXT NOT NULL,
                    permissions TEXT NOT NULL
                )""",
                """
                CREATE TABLE audit_log (
                    sequence INTEGER PRIMARY KEY,
                    time TEXT NOT NULL,
                    actor TEXT NOT NULL,
                    action TEXT NOT NULL,
                    target TEXT NOT NULL,
                    outcome TEXT NOT NULL,
                    source TEXT NOT NULL,
                    detail TEXT NOT NULL,
                    previous_hash TEXT NOT NULL,
                    hash TEXT NOT NULL
                )""",
                "CREATE INDEX audit_by_action ON audit_log (action, sequence)",
                "CREATE INDEX audit_by_target ON audit_log (target, sequence)",
                "CREATE INDEX audit_by_actor ON audit_log (actor, sequence)",
            },
            new String[] {
                """
                CREATE TABLE twins (
                    device_id TEXT NOT NULL,
                    module_id TEXT NOT NULL DEFAULT '',
                    desired TEXT NOT NULL,
                    desired_version INTEGER NOT NULL,
                    desired_metadata TEXT NOT NULL,
                    reported TEXT NOT NULL,
                    reported_version INTEGER NOT NULL,
                    reported_metadata TEXT NOT NULL,
                    PRIMARY KEY (device_id, module_id)
                ) WITHOUT ROWID""",
            },
            new String[] {
                """
                CREATE TABLE c2d_messages (
                    sequence INTEGER PRIMARY KEY AUTOINCREMENT,
                    message_id TEXT NOT NULL,
                    device_id TEXT NOT NULL,
                    module_id TEXT NOT NULL DEFAULT '',
                    enqueued_time TEXT NOT NULL,
                    expiry_time TEXT NOT NULL,
                    delivery_count INTEGER NOT NULL,
                    feedback TEXT NOT NULL,
                    properties TEXT NOT NULL,
                    body BLOB NOT NULL,
                    UNIQUE (device_id, module_id, message_id)
                )""",
                "CREATE INDEX c2d_by_identity ON c2d_messages (device_id, module_id, sequence)",
                "CREATE INDEX c2d_by_expiry ON c2d_messages (expiry_time)",
                """
                CREATE TABLE c2d_feedback (
                    sequence INTEGER PRIMARY KEY AUTOINCREMENT,
                    original_message_id TEXT NOT NULL,
                    device_id TEXT NOT NULL,
                    status TEXT NOT NULL,
                    enqueued_time TEXT NOT NULL
                )""",
            },
            SqliteWebhookRepository.SCHEMA,
            new String[] {
                // Registered CA certificates (X.509 device authentication); PEM, public, so not sealed.
                """
                CREATE TABLE certificate_authorities (
                    name TEXT PRIMARY KEY,
                    certificate_pem TEXT NOT NULL,
                    thumbprint TEXT NOT NULL UNIQUE,
                    verification_code TEXT,
                    etag TEXT NOT NULL,
                    created_time TEXT NOT NULL,
                    verified_time TEXT
                )""",
            },
            new String[] {
                // Revoked certificates (S-AUTH-6): named by thumbprint, by issuer and serial number, or by both.
                // Public data, so not sealed. SQLite's UNIQUE lets several rows leave a column NULL.
                """
                CREATE TABLE certificate_revocations (
                    sequence INTEGER PRIMARY KEY AUTOINCREMENT,
                    thumbprint TEXT UNIQUE,
                    issuer TEXT,
                    serial_number TEXT,
                    subject TEXT,
                    revoked_time TEXT NOT NULL,
                    UNIQUE (issuer, serial_number)
                )""",
            },
            new String[] {
                // Device certificates the hub CA issued (from a CSR over REST, or renewed over MQTT). Public data.
                """
                CREATE TABLE issued_certificates (
                    sequence INTEGER PRIMARY KEY AUTOINCREMENT,
                    device_id TEXT NOT NULL,
                    module_id TEXT NOT NULL DEFAULT '',
                    serial_number TEXT NOT NULL UNIQUE,
                    thumbprint TEXT NOT NULL UNIQUE,
                    not_before TEXT NOT NULL,
                    not_after TEXT NOT NULL,
                    issued_time TEXT NOT NULL,
                    how TEXT NOT NULL,
                    certificate_pem TEXT NOT NULL
                )""",
                "CREATE INDEX issued_certificates_by_identity ON issued_certificates (device_id, module_id, sequence)",
            },
            SqliteAlertRepository.SCHEMA,
            new String[] {
                // Security monitoring (S-MON-2, S-MON-3): device classes with their posture baselines, the latest
                // posture per device, posture findings (one open per device and check), fleet audit reports.
                """
                CREATE TABLE device_classes (
                    name TEXT PRIMARY KEY,
                    baseline TEXT NOT NULL,
                    expected_report_interval_seconds INTEGER,
                    etag TEXT NOT NULL,
                    updated_time TEXT NOT NULL
                )""",
                """
                CREATE TABLE device_posture (
                    device_id TEXT PRIMARY KEY,
                    stream_offset INTEGER NOT NULL,
                    received_time TEXT NOT NULL,
                    reported_time TEXT NOT NULL,
                    snapshot TEXT NOT NULL
                )""",
                """
                CREATE TABLE posture_findings (
                    sequence INTEGER PRIMARY KEY AUTOINCREMENT,
                    device_id TEXT NOT NULL,
                    check_name TEXT NOT NULL,
                    severity TEXT NOT NULL,
                    severity_rank INTEGER NOT NULL,
                    message TEXT NOT NULL,
                    remediation TEXT NOT NULL,
                    evidence_offset INTEGER NOT NULL,
                    first_seen TEXT NOT NULL,
                    last_seen TEXT NOT NULL,
                    closed_time TEXT
                )""",
                "CREATE UNIQUE INDEX posture_findings_open ON posture_findings (device_id, check_name) "
                        + "WHERE closed_time IS NULL",
                "CREATE INDEX posture_findings_by_device ON posture_findings (device_id, sequence)",
                """
                CREATE TABLE fleet_audits (
                    sequence INTEGER PRIMARY KEY AUTOINCREMENT,
                    id TEXT NOT NULL UNIQUE,
                    state TEXT NOT NULL,
                    trigger_name TEXT NOT NULL,
                    actor TEXT NOT NULL,
                    started_time TEXT NOT NULL,
                    finished_time TEXT,
                    period_from TEXT NOT NULL,
                    period_to TEXT NOT NULL,
                    results TEXT NOT NULL
                )""",
                // When each SAS identity's keys were last set, for the key-age check. Existing identities start from
                // their creation time: the registry kept no other record of it.
                """
                CREATE TABLE key_rotations (
                    device_id TEXT NOT NULL,
                    module_id TEXT NOT NULL,
                    keys_set_time TEXT NOT NULL,
                    PRIMARY KEY (device_id, module_id)
                ) WITHOUT ROWID""",
                "INSERT INTO key_rotations (device_id, module_id, keys_set_time) "
                        + "SELECT device_id, module_id, created_time FROM devices WHERE auth_type = 'sas'",
            });

    private SchemaMigrations() {
    }

    static int latestVersion() {
        return STEPS.size();
    }

    static void apply(SqliteDatabase database) {
        int current = database.transaction(SchemaMigrations::currentVersion);
        if (current > latestVersion()) {
            throw new StoreException("the database has schema version " + current + " but this Bulwark knows only up to "
                    + latestVersion() + ": it was written by a newer Bulwark; upgrade before opening it");
        }
        for (int version = current + 1; version <= latestVersion(); version++) {
            int step = version;
            database.transaction(connection -> {
                try (Statement statement = connection.createStatement()) {
                    for (String sql : STEPS.get(step - 1)) {
                        statement.execute(sql);
                    }
                    statement.executeUpdate("UPDATE schema_version SET version = " + step);
                }
                return null;
            });
        }
    }

    private static int currentVersion(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)");
            try (ResultSet row = statement.executeQuery("SELECT version FROM schema_version")) {
                if (row.next()) {
                    return row.getInt(1);
                }
            }
            statement.executeUpdate("INSERT INTO schema_version (version) VALUES (0)");
            return 0;
        }
    }
}
