package io.bulwark.hub.store.sqlite;

import io.bulwark.hub.x509.CertificateId;
import io.bulwark.hub.x509.RevocationRepository;
import io.bulwark.hub.x509.RevokedCertificate;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Revoked certificates in SQLite, one row per revocation, in the order they were made. */
final class SqliteRevocationRepository implements RevocationRepository {

    private final SqliteDatabase database;

    SqliteRevocationRepository(SqliteDatabase database) {
        this.database = database;
    }

    @Override
    public boolean insert(RevokedCertificate revoked) {
        return database.transaction(connection -> {
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO certificate_revocations "
                    + "(thumbprint, issuer, serial_number, subject, revoked_time) VALUES (?, ?, ?, ?, ?) "
                    + "ON CONFLICT DO NOTHING")) {
                insert.setString(1, revoked.id().thumbprint());
                insert.setString(2, revoked.id().issuer());
                insert.setString(3, revoked.id().serialNumber());
                insert.setString(4, revoked.subject());
                insert.setString(5, revoked.revokedTime().toString());
                return insert.executeUpdate() == 1;
            }
        });
    }

    @Override
    public List<RevokedCertificate> list() {
        return database.transaction(connection -> {
            try (PreparedStatement query = connection.prepareStatement("SELECT thumbprint, issuer, serial_number, "
                    + "subject, revoked_time FROM certificate_revocations ORDER BY sequence");
                 ResultSet row = query.executeQuery()) {
                List<RevokedCertificate> all = new ArrayList<>();
                while (row.next()) {
                    all.add(new RevokedCertificate(new CertificateId(row.getString("thumbprint"),
                            row.getString("issuer"), row.getString("serial_number")), row.getString("subject"),
                            Instant.parse(row.getString("revoked_time"))));
                }
                return all;
            }
        });
    }
}
