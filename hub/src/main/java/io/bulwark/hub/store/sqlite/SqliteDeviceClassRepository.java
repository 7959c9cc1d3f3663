package io.bulwark.hub.store.sqlite;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bulwark.hub.security.posture.Baseline;
import io.bulwark.hub.security.posture.DeviceClass;
import io.bulwark.hub.security.posture.DeviceClassRepository;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Device classes in SQLite, the baseline as JSON (it holds no secret). */
final class SqliteDeviceClassRepository implements DeviceClassRepository {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final SqliteDatabase database;

    SqliteDeviceClassRepository(SqliteDatabase database) {
        this.database = database;
    }

    @Override
    public boolean insert(DeviceClass deviceClass) {
        return database.transaction(connection -> {
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO device_classes (name, baseline, "
                    + "expected_report_interval_seconds, etag, updated_time) VALUES (?, ?, ?, ?, ?) "
                    + "ON CONFLICT DO NOTHING")) {
                insert.setString(1, deviceClass.name());
                bindBody(insert, 2, deviceClass);
                return insert.executeUpdate() == 1;
            }
        });
    }

    @Override
    public boolean replace(DeviceClass deviceClass, String expectedEtag) {
        return database.transaction(connection -> {
            try (PreparedStatement update = connection.prepareStatement("UPDATE device_classes SET baseline = ?, "
                    + "expected_report_interval_seconds = ?, etag = ?, updated_time = ? WHERE name = ? AND etag = ?")) {
                bindBody(update, 1, deviceClass);
                update.setString(5, deviceClass.name());
                update.setString(6, expectedEtag);
                return update.executeUpdate() == 1;
            }
        });
    }

    @Override
    public Optional<DeviceClass> find(String name) {
        return database.transaction(connection -> {
            try (PreparedStatement query = connection.prepareStatement("SELECT * FROM device_classes WHERE name = ?")) {
                query.setString(1, name);
                try (ResultSet row = query.executeQuery()) {
                    return row.next() ? Optional.of(read(row)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public List<DeviceClass> list() {
        return database.transaction(connection -> {
            try (PreparedStatement query = connection.prepareStatement("SELECT * FROM device_classes ORDER BY name");
                 ResultSet row = query.executeQuery()) {
                List<DeviceClass> all = new ArrayList<>();
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
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM device_classes WHERE name = ?")) {
                delete.setString(1, name);
                return delete.executeUpdate() == 1;
            }
        });
    }

    private static void bindBody(PreparedStatement statement, int first, DeviceClass deviceClass)
            throws SQLException {
        try {
            statement.setString(first, JSON.writeValueAsString(deviceClass.baseline()));
        } catch (JsonProcessingException e) {
            throw new StoreException("a baseline failed to serialise", e);
        }
        if (deviceClass.expectedReportIntervalSeconds() == null) {
            statement.setNull(first + 1, java.sql.Types.INTEGER);
        } else {
            statement.setLong(first + 1, deviceClass.expectedReportIntervalSeconds());
        }
        statement.setString(first + 2, deviceClass.etag());
        statement.setString(first + 3, deviceClass.updatedTime().toString());
    }

    private static DeviceClass read(ResultSet row) throws SQLException {
        Baseline baseline;
        try {
            baseline = JSON.readValue(row.getString("baseline"), Baseline.class);
        } catch (JsonProcessingException e) {
            throw new StoreException("a stored baseline is unreadable", e);
        }
        long stored = row.getLong("expected_report_interval_seconds");
        Long interval = row.wasNull() ? null : stored;
        return new DeviceClass(row.getString("name"), baseline, interval, row.getString("etag"),
                Instant.parse(row.getString("updated_time")));
    }
}
