package io.bulwark.hub.store.sqlite;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bulwark.hub.registry.IdentityId;
import io.bulwark.hub.twin.Twin;
import io.bulwark.hub.twin.TwinRepository;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/** Device twins in SQLite, one row per identity, each section as JSON text. */
final class SqliteTwinRepository implements TwinRepository {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final SqliteDatabase database;

    SqliteTwinRepository(SqliteDatabase database) {
        this.database = database;
    }

    @Override
    public Optional<Twin> find(IdentityId id) {
        return database.transaction(connection -> {
            try (PreparedStatement query = connection.prepareStatement("SELECT desired, desired_version, "
                    + "desired_metadata, reported, reported_version, reported_metadata FROM twins "
                    + "WHERE device_id = ? AND module_id = ?")) {
                query.setString(1, id.deviceId());
                query.setString(2, DeviceRows.moduleColumn(id));
                try (ResultSet row = query.executeQuery()) {
                    if (!row.next()) {
                        return Optional.empty();
                    }
                    return Optional.of(new Twin(id, object(row.getString(1)), row.getLong(2), object(row.getString(3)),
                            object(row.getString(4)), row.getLong(5), object(row.getString(6))));
                }
            }
        });
    }

    @Override
    public void save(Twin twin) {
        database.transaction(connection -> {
            try (PreparedStatement upsert = connection.prepareStatement("INSERT INTO twins (device_id, module_id, "
                    + "desired, desired_version, desired_metadata, reported, reported_version, reported_metadata) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (device_id, module_id) DO UPDATE SET "
                    + "desired = excluded.desired, desired_version = excluded.desired_version, "
                    + "desired_metadata = excluded.desired_metadata, reported = excluded.reported, "
                    + "reported_version = excluded.reported_version, reported_metadata = excluded.reported_metadata")) {
                upsert.setString(1, twin.id().deviceId());
                upsert.setString(2, DeviceRows.moduleColumn(twin.id()));
                upsert.setString(3, twin.desired().toString());
                upsert.setLong(4, twin.desiredVersion());
                upsert.setString(5, twin.desiredMetadata().toString());
                upsert.setString(6, twin.reported().toString());
                upsert.setLong(7, twin.reportedVersion());
                upsert.setString(8, twin.reportedMetadata().toString());
                upsert.executeUpdate();
            }
            return null;
        });
    }

    private static ObjectNode object(String json) throws SQLException {
        try {
            return (ObjectNode) JSON.readTree(json);
        } catch (JsonProcessingException | ClassCastException e) {
            throw new SQLException("corrupt twin column", e);
        }
    }
}
