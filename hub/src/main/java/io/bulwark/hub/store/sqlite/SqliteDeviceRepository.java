package io.bulwark.hub.store.sqlite;

import io.bulwark.hub.HubException;
import io.bulwark.hub.registry.Device;
import io.bulwark.hub.registry.DevicePage;
import io.bulwark.hub.registry.DeviceQuery;
import io.bulwark.hub.registry.DeviceRepository;
import io.bulwark.hub.registry.IdentityId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.sqlite.SQLiteErrorCode;

/** The identity registry in SQLite: table {@code devices}, with {@code device_tags} kept beside it for filtering. */
final class SqliteDeviceRepository implements DeviceRepository {

    private static final String SELECT = "SELECT " + DeviceRows.COLUMNS + " FROM devices ";
    private static final String FIND = SELECT + "WHERE device_id = ? AND module_id = ?";
    private static final String EXISTS = "SELECT 1 FROM devices WHERE device_id = ? AND module_id = ?";
    /** Rows per round trip when streaming an export. */
    private static final int EXPORT_BATCH = 1000;

    private final SqliteDatabase database;
    private final DeviceRows rows;

    SqliteDeviceRepository(SqliteDatabase database, DeviceRows rows) {
        this.database = database;
        this.rows = rows;
    }

    @Override
    public void insert(Device device) {
        try {
            database.transaction(connection -> {
                insertAll(connection, List.of(device));
                return null;
            });
        } catch (StoreException e) {
            if (isUniqueViolation(e)) {
                throw new HubException.Conflict("device-exists", device.id() + " exists already");
            }
            throw e;
        }
    }

    @Override
    public Optional<Device> find(IdentityId id) {
        // Every SAS connect looks its device up: the statement is kept per connection rather than compiled each time.
        return database.read(connection -> {
            PreparedStatement query = database.prepared(connection, FIND);
            query.setString(1, id.deviceId());
            query.setString(2, DeviceRows.moduleColumn(id));
            try (ResultSet row = query.executeQuery()) {
                return row.next() ? Optional.of(rows.read(row)) : Optional.empty();
            }
        });
    }

    @Override
    public boolean exists(IdentityId id) {
        return database.read(connection -> {
            PreparedStatement query = database.prepared(connection, EXISTS);
            query.setString(1, id.deviceId());
            query.setString(2, DeviceRows.moduleColumn(id));
            try (ResultSet row = query.executeQuery()) {
                return row.next();
            }
        });
    }

    @Override
    public boolean replace(Device device, String expectedEtag) {
        return database.transaction(connection -> replaceAll(connection, List.of(device), expectedEtag));
    }

    @Override
    public boolean delete(IdentityId id) {
        return database.transaction(connection -> deleteOne(connection, id));
    }

    @Override
    public DevicePage list(DeviceQuery query) {
        StringBuilder sql = new StringBuilder(SELECT).append("WHERE module_id = ''");
        List<Object> arguments = new ArrayList<>();
        if (query.status() != null) {
            sql.append(" AND status = ?");
            arguments.add(query.status().wireName());
        }
        if (query.parentDeviceId() != null) {
            sql.append(" AND parent_device_id = ?");
            arguments.add(query.parentDeviceId());
        }
        if (query.tagName() != null) {
            sql.append(" AND device_id IN (SELECT device_id FROM device_tags WHERE module_id = '' AND name = ?");
            arguments.add(query.tagName());
            if (query.tagValue() != null) {
                sql.append(" AND value = ?");
                arguments.add(query.tagValue());
            }
            sql.append(")");
        }
        if (query.afterDeviceId() != null) {
            sql.append(" AND device_id > ?");
            arguments.add(query.afterDeviceId());
        }
        sql.append(" ORDER BY device_id LIMIT ?");
        arguments.add(query.limit() + 1);
        List<Device> found = database.transaction(connection -> queryAll(connection, sql.toString(), arguments));
        if (found.size() <= query.limit()) {
            return new DevicePage(found, null);
        }
        List<Device> page = found.subList(0, query.limit());
        return new DevicePage(page, page.get(page.size() - 1).id().deviceId());
    }

    @Override
    public List<Device> modulesOf(String deviceId) {
        return database.transaction(connection -> queryAll(connection,
                SELECT + "WHERE device_id = ? AND module_id <> '' ORDER BY module_id", List.of(deviceId)));
    }

    @Override
    public void importAll(List<Device> inserts, List<Device> replacements, List<IdentityId> deletions) {
        database.transaction(connection -> {
            for (IdentityId id : deletions) {
                deleteOne(connection, id);
            }
            insertAll(connection, inserts);
            for (Device device : replacements) {
                if (!replaceAll(connection, List.of(device), null)) {
                    throw new HubException.Conflict("concurrent-change", device.id() + " changed during the import");
                }
            }
            return null;
        });
    }

    @Override
    public void forEach(Consumer<Device> sink) {
        // Pages by key, so an export of any size never holds more than one batch in memory or the lock for long.
        String afterDevice = "";
        String afterModule = "";
        while (true) {
            List<Object> cursor = List.of(afterDevice, afterModule);
            List<Device> batch = database.transaction(connection -> queryAll(connection, SELECT
                    + "WHERE (device_id, module_id) > (?, ?) ORDER BY device_id, module_id LIMIT " + EXPORT_BATCH,
                    cursor));
            batch.forEach(sink);
            if (batch.size() < EXPORT_BATCH) {
                return;
            }
            IdentityId last = batch.get(batch.size() - 1).id();
            afterDevice = last.deviceId();
            afterModule = DeviceRows.moduleColumn(last);
        }
    }

    @Override
    public long countDevices() {
        return database.transaction(connection -> {
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT COUNT(*) FROM devices WHERE module_id = ''");
                 ResultSet row = query.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        });
    }

    private void insertAll(Connection connection, List<Device> devices) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(DeviceRows.INSERT)) {
            for (Device device : devices) {
                rows.bindInsert(insert, device);
                insert.addBatch();
            }
            insert.executeBatch();
        }
        writeTags(connection, devices);
    }

    /** With {@code expectedEtag} null, each device's stored etag is not compared (the caller holds the plan). */
    private boolean replaceAll(Connection connection, List<Device> devices, String expectedEtag) throws SQLException {
        String sql = expectedEtag == null ? DeviceRows.REPLACE.replace(" AND etag=?", " AND ? IS NULL")
                : DeviceRows.REPLACE;
        try (PreparedStatement update = connection.prepareStatement(sql)) {
            for (Device device : devices) {
                rows.bindReplace(update, device, expectedEtag);
                if (update.executeUpdate() != 1) {
                    return false;
                }
            }
        }
        deleteTags(connection, devices.stream().map(Device::id).toList());
        writeTags(connection, devices);
        return true;
    }

    private boolean deleteOne(Connection connection, IdentityId id) throws SQLException {
        String where = id.isModule() ? "device_id = ? AND module_id = ?" : "device_id = ?";
        int deleted;
        // S-DATA-3: the identity's tags, twin and message queue go with it, in the same transaction.
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM devices WHERE " + where);
             PreparedStatement tags = connection.prepareStatement("DELETE FROM device_tags WHERE " + where);
             PreparedStatement twins = connection.prepareStatement("DELETE FROM twins WHERE " + where);
             PreparedStatement queue = connection.prepareStatement("DELETE FROM c2d_messages WHERE " + where)) {
            for (PreparedStatement statement : List.of(delete, tags, twins, queue)) {
                statement.setString(1, id.deviceId());
                if (id.isModule()) {
                    statement.setString(2, id.moduleId());
                }
            }
            deleted = delete.executeUpdate();
            tags.executeUpdate();
            twins.executeUpdate();
            queue.executeUpdate();
        }
        return deleted > 0;
    }

    private static void writeTags(Connection connection, List<Device> devices) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO device_tags (device_id, module_id, name, value) VALUES (?, ?, ?, ?)")) {
            for (Device device : devices) {
                for (Map.Entry<String, String> tag : device.tags().entrySet()) {
                    insert.setString(1, device.id().deviceId());
                    insert.setString(2, DeviceRows.moduleColumn(device.id()));
                    insert.setString(3, tag.getKey());
                    insert.setString(4, tag.getValue());
                    insert.addBatch();
                }
            }
            insert.executeBatch();
        }
    }

    private static void deleteTags(Connection connection, List<IdentityId> ids) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement(
                "DELETE FROM device_tags WHERE device_id = ? AND module_id = ?")) {
            for (IdentityId id : ids) {
                delete.setString(1, id.deviceId());
                delete.setString(2, DeviceRows.moduleColumn(id));
                delete.addBatch();
            }
            delete.executeBatch();
        }
    }

    private List<Device> queryAll(Connection connection, String sql, List<Object> arguments) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(sql)) {
            for (int i = 0; i < arguments.size(); i++) {
                query.setObject(i + 1, arguments.get(i));
            }
            List<Device> found = new ArrayList<>();
            try (ResultSet row = query.executeQuery()) {
                while (row.next()) {
                    found.add(rows.read(row));
                }
            }
            return found;
        }
    }

    /** Batches report constraint failures as a BatchUpdateException, so look at the message as well as the code. */
    private static boolean isUniqueViolation(StoreException e) {
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof org.sqlite.SQLiteException sqlite
                    && (sqlite.getResultCode() == SQLiteErrorCode.SQLITE_CONSTRAINT_PRIMARYKEY
                    || sqlite.getResultCode() == SQLiteErrorCode.SQLITE_CONSTRAINT_UNIQUE)) {
                return true;
            }
            String message = String.valueOf(cause.getMessage());
            if (message.contains("UNIQUE constraint failed") || message.contains("PRIMARYKEY")) {
                return true;
            }
        }
        return false;
    }
}
