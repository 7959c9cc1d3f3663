package io.bulwark.hub.store.sqlite;

import io.bulwark.hub.registry.IdentityId;
import io.bulwark.hub.registry.KeyRotations;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/** The key-set times in SQLite, one row per SAS identity. */
final class SqliteKeyRotations implements KeyRotations {

    private final SqliteDatabase database;

    SqliteKeyRotations(SqliteDatabase database) {
        this.database = database;
    }

    @Override
    public void keysSet(IdentityId id, Instant at) {
        database.transaction(connection -> {
            try (PreparedStatement upsert = connection.prepareStatement("INSERT INTO key_rotations (device_id, "
                    + "module_id, keys_set_time) VALUES (?, ?, ?) ON CONFLICT (device_id, module_id) DO UPDATE SET "
                    + "keys_set_time = excluded.keys_set_time")) {
                upsert.setString(1, id.deviceId());
                upsert.setString(2, id.moduleId() == null ? "" : id.moduleId());
                upsert.setString(3, at.toString());
                upsert.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public void forget(IdentityId id) {
        database.transaction(connection -> {
            String sql = id.isModule() ? "DELETE FROM key_rotations WHERE device_id = ? AND module_id = ?"
                    : "DELETE FROM key_rotations WHERE device_id = ?";
            try (PreparedStatement delete = connection.prepareStatement(sql)) {
                delete.setString(1, id.deviceId());
                if (id.isModule()) {
                    delete.setString(2, id.moduleId());
                }
                delete.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public Map<IdentityId, Instant> all() {
        return database.transaction(connection -> {
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT device_id, module_id, keys_set_time FROM key_rotations");
                 ResultSet row = query.executeQuery()) {
                Map<IdentityId, Instant> all = new HashMap<>();
                while (row.next()) {
                    String module = row.getString("module_id");
                    all.put(new IdentityId(row.getString("device_id"), module.isEmpty() ? null : module),
                            Instant.parse(row.getString("keys_set_time")));
                }
                return all;
            }
        });
    }
}
