package io.bulwark.hub.store.sqlite;

import io.bulwark.hub.x509.CaRepository;
import io.bulwark.hub.x509.Certificates;
import io.bulwark.hub.x509.RegisteredCa;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Registered CA certificates in SQLite, one row per CA, the certificate as PEM. */
final class SqliteCaRepository implements CaRepository {

    private static final String COLUMNS = "name, certificate_pem, thumbprint, verification_code, etag, created_time, "
            + "verified_time";

    private final SqliteDatabase database;

    SqliteCaRepository(SqliteDatabase database) {
        this.database = database;
    }

    @Override
    public boolean insert(RegisteredCa ca) {
        return database.transaction(connection -> {
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO certificate_authorities ("
                    + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
                bind(insert, ca);
                return insert.executeUpdate() == 1;
            }
        });
    }

    @Override
    public boolean replace(RegisteredCa ca, String expectedEtag) {
        return database.transaction(connection -> {
            try (PreparedStatement update = connection.prepareStatement("UPDATE certificate_authorities SET "
                    + "verification_code = ?, etag = ?, verified_time = ? WHERE name = ? AND etag = ?")) {
                update.setString(1, ca.verificationCode());
                update.setString(2, ca.etag());
                update.setString(3, ca.verifiedTime() == null ? null : ca.verifiedTime().toString());
                update.setString(4, ca.name());
                update.setString(5, expectedEtag);
                return update.executeUpdate() == 1;
            }
        });
    }

    @Override
    public Optional<RegisteredCa> find(String name) {
        return database.transaction(connection -> {
            try (PreparedStatement query = connection.prepareStatement("SELECT " + COLUMNS
                    + " FROM certificate_authorities WHERE name = ?")) {
                query.setString(1, name);
                try (ResultSet row = query.executeQuery()) {
                    return row.next() ? Optional.of(read(row)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public List<RegisteredCa> list() {
        return database.transaction(connection -> {
            try (PreparedStatement query = connection.prepareStatement("SELECT " + COLUMNS
                    + " FROM certificate_authorities ORDER BY name");
                 ResultSet row = query.executeQuery()) {
                List<RegisteredCa> all = new ArrayList<>();
                while (row.next()) {
                    all.add(read(row));
                }
                return all;
            }
        });
    }

    @Override
    public boolean delete(String name) {
        return database.transaction(connection -> {
            try (PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM certificate_authorities WHERE name = ?")) {
                delete.setString(1, name);
                return delete.executeUpdate() == 1;
            }
        });
    }

    private static void bind(PreparedStatement statement, RegisteredCa ca) throws SQLException {
        statement.setString(1, ca.name());
        statement.setString(2, Certificates.toPem(ca.certificate()));
        statement.setString(3, ca.thumbprint());
        statement.setString(4, ca.verificationCode());
        statement.setString(5, ca.etag());
        statement.setString(6, ca.createdTime().toString());
        statement.setString(7, ca.verifiedTime() == null ? null : ca.verifiedTime().toString());
    }

    private static RegisteredCa read(ResultSet row) throws SQLException {
        String verified = row.getString("verified_time");
        return new RegisteredCa(row.getString("name"), Certificates.parseOne(row.getString("certificate_pem"),
                "stored CA certificate"), row.getString("thumbprint"), row.getString("verification_code"),
                row.getString("etag"), Instant.parse(row.getString("created_time")),
                verified == null ? null : Instant.parse(verified));
    }
}
