package io.bulwark.hub.store.sqlite;

import io.bulwark.hub.auth.AccessPolicy;
import io.bulwark.hub.auth.Permission;
import io.bulwark.hub.auth.PolicyRepository;
import io.bulwark.hub.registry.SymmetricKeys;
import io.bulwark.hub.secrets.SecretSealer;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** Shared access policies in SQLite, keys sealed under the master key (S-DATA-2). */
final class SqlitePolicyRepository implements PolicyRepository {

    private final SqliteDatabase database;
    private final SecretSealer sealer;

    SqlitePolicyRepository(SqliteDatabase database, SecretSealer sealer) {
        this.database = database;
        this.sealer = sealer;
    }

    @Override
    public List<AccessPolicy> all() {
        return database.read(connection -> {
            try (PreparedStatement query = connection.prepareStatement("SELECT * FROM policies ORDER BY name");
                 ResultSet row = query.executeQuery()) {
                List<AccessPolicy> policies = new ArrayList<>();
                while (row.next()) {
                    policies.add(read(row));
                }
                return policies;
            }
        });
    }

    @Override
    public Optional<AccessPolicy> find(String name) {
        return database.read(connection -> {
            try (PreparedStatement query = connection.prepareStatement("SELECT * FROM policies WHERE name = ?")) {
                query.setString(1, name);
                try (ResultSet row = query.executeQuery()) {
                    return row.next() ? Optional.of(read(row)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public void save(AccessPolicy policy) {
        database.transaction(connection -> {
            try (PreparedStatement upsert = connection.prepareStatement("INSERT INTO policies "
                    + "(name, primary_key_sealed, secondary_key_sealed, permissions) VALUES (?, ?, ?, ?) "
                    + "ON CONFLICT (name) DO UPDATE SET primary_key_sealed = excluded.primary_key_sealed, "
                    + "secondary_key_sealed = excluded.secondary_key_sealed, permissions = excluded.permissions")) {
                upsert.setString(1, policy.name());
                upsert.setString(2, sealer.seal(policy.keys().primaryKey(), context(policy.name(), "primary")));
                upsert.setString(3, sealer.seal(policy.keys().secondaryKey(), context(policy.name(), "secondary")));
                upsert.setString(4, policy.permissions().stream().map(Permission::wireName).sorted()
                        .collect(Collectors.joining(",")));
                upsert.executeUpdate();
            }
            return null;
        });
    }

    private AccessPolicy read(ResultSet row) throws SQLException {
        String name = row.getString("name");
        SymmetricKeys keys = new SymmetricKeys(
                sealer.open(row.getString("primary_key_sealed"), context(name, "primary")),
                sealer.open(row.getString("secondary_key_sealed"), context(name, "secondary")));
        Set<Permission> permissions = EnumSet.noneOf(Permission.class);
        for (String permission : row.getString("permissions").split(",")) {
            if (!permission.isBlank()) {
                permissions.add(Permission.fromWire(permission));
            }
        }
        return new AccessPolicy(name, keys, permissions);
    }

    private static String context(String policy, String slot) {
        return "policy-key:" + policy + ":" + slot;
    }
}
