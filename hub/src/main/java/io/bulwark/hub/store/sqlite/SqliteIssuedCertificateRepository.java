package io.bulwark.hub.store.sqlite;

import io.bulwark.hub.registry.IdentityId;
import io.bulwark.hub.x509.Certificates;
import io.bulwark.hub.x509.IssuedCertificate;
import io.bulwark.hub.x509.IssuedCertificateRepository;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The device certificates the hub CA issued, one row each, the certificate as PEM (public, so not sealed). */
final class SqliteIssuedCertificateRepository implements IssuedCertificateRepository {

    private static final String COLUMNS = "device_id, module_id, serial_number, thumbprint, not_before, not_after, "
            + "issued_time, how, certificate_pem";

    private final SqliteDatabase database;

    SqliteIssuedCertificateRepository(SqliteDatabase database) {
        this.database = database;
    }

    @Override
    public void insert(IssuedCertificate issued) {
        database.transaction(connection -> {
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO issued_certificates ("
                    + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                insert.setString(1, issued.identity().deviceId());
                insert.setString(2, moduleColumn(issued.identity()));
                insert.setString(3, issued.serialNumber());
                insert.setString(4, issued.thumbprint());
                insert.setString(5, issued.notBefore().toString());
                insert.setString(6, issued.notAfter().toString());
                insert.setString(7, issued.issuedTime().toString());
                insert.setString(8, issued.origin().wireName());
                insert.setString(9, Certificates.toPem(issued.certificate()));
                insert.executeUpdate();
                return null;
            }
        });
    }

    @Override
    public List<IssuedCertificate> listFor(IdentityId identity) {
        return database.transaction(connection -> {
            try (PreparedStatement query = connection.prepareStatement("SELECT " + COLUMNS + " FROM "
                    + "issued_certificates WHERE device_id = ? AND module_id = ? ORDER BY sequence")) {
                query.setString(1, identity.deviceId());
                query.setString(2, moduleColumn(identity));
                try (ResultSet row = query.executeQuery()) {
                    List<IssuedCertificate> all = new ArrayList<>();
                    while (row.next()) {
                        all.add(read(row));
                    }
                    return all;
                }
            }
        });
    }

    @Override
    public Optional<IssuedCertificate> find(IdentityId identity, String serialNumber) {
        return database.transaction(connection -> {
            try (PreparedStatement query = connection.prepareStatement("SELECT " + COLUMNS + " FROM "
                    + "issued_certificates WHERE device_id = ? AND module_id = ? AND serial_number = ?")) {
                query.setString(1, identity.deviceId());
                query.setString(2, moduleColumn(identity));
                query.setString(3, serialNumber);
                try (ResultSet row = query.executeQuery()) {
                    return row.next() ? Optional.of(read(row)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public List<IssuedCertificate> listForDeviceAndModules(String deviceId) {
        return database.transaction(connection -> {
            try (PreparedStatement query = connection.prepareStatement("SELECT " + COLUMNS + " FROM "
                    + "issued_certificates WHERE device_id = ? ORDER BY sequence")) {
                query.setString(1, deviceId);
                try (ResultSet row = query.executeQuery()) {
                    List<IssuedCertificate> all = new ArrayList<>();
                    while (row.next()) {
                        all.add(read(row));
                    }
                    return all;
                }
            }
        });
    }

    @Override
    public List<IssuedCertificate> listExpiringBy(Instant bound) {
        // not_after is an Instant's ISO text of a whole second (X.509 has no finer time), so text order is time
        // order once the bound is also a whole second; rounding it up keeps every certificate up to the bound.
        Instant wholeSecond = bound.truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        String limit = (wholeSecond.equals(bound) ? bound : wholeSecond.plusSeconds(1)).toString();
        return database.transaction(connection -> {
            try (PreparedStatement query = connection.prepareStatement("SELECT " + COLUMNS + " FROM "
                    + "issued_certificates WHERE not_after <= ? ORDER BY device_id, module_id, sequence")) {
                query.setString(1, limit);
                try (ResultSet row = query.executeQuery()) {
                    List<IssuedCertificate> all = new ArrayList<>();
                    while (row.next()) {
                        IssuedCertificate certificate = read(row);
                        if (!certificate.notAfter().isAfter(bound)) {
                            all.add(certificate);
                        }
                    }
                    return all;
                }
            }
        });
    }

    private static String moduleColumn(IdentityId identity) {
        return identity.moduleId() == null ? "" : identity.moduleId();
    }

    private static IssuedCertificate read(ResultSet row) throws SQLException {
        String module = row.getString("module_id");
        return new IssuedCertificate(new IdentityId(row.getString("device_id"), module.isEmpty() ? null : module),
                row.getString("serial_number"), row.getString("thumbprint"), Instant.parse(row.getString("not_before")),
                Instant.parse(row.getString("not_after")), Instant.parse(row.getString("issued_time")),
                IssuedCertificate.Origin.fromWireName(row.getString("how")), Certificates.parseOne(row.getString("certificate_pem"), "stored certificate"));
    }
}
