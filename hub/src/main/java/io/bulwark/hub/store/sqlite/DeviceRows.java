package io.bulwark.hub.store.sqlite;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bulwark.hub.registry.Authentication;
import io.bulwark.hub.registry.AuthenticationType;
import io.bulwark.hub.registry.Device;
import io.bulwark.hub.registry.DeviceStatus;
import io.bulwark.hub.registry.IdentityId;
import io.bulwark.hub.registry.SymmetricKeys;
import io.bulwark.hub.registry.X509Thumbprints;
import io.bulwark.hub.secrets.SecretSealer;
import io.bulwark.hub.stream.embedded.StoredInstants;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/**
 * Maps a {@link Device} to a row of {@code devices} and back. Keys are sealed with the row's identity as context, so
 * a sealed key copied into another device's row does not open (S-DATA-2).
 */
final class DeviceRows {

    static final String COLUMNS = "device_id, module_id, generation_id, etag, status, status_reason, "
            + "status_updated_time, auth_type, primary_key_sealed, secondary_key_sealed, primary_thumbprint, "
            + "secondary_thumbprint, iot_edge, device_scope, parent_scopes, parent_device_id, tags, created_time, "
            + "last_updated_time";
    static final String INSERT = "INSERT INTO devices (" + COLUMNS + ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)";
    static final String REPLACE = "UPDATE devices SET generation_id=?, etag=?, status=?, status_reason=?, "
            + "status_updated_time=?, auth_type=?, primary_key_sealed=?, secondary_key_sealed=?, primary_thumbprint=?, "
            + "secondary_thumbprint=?, iot_edge=?, device_scope=?, parent_scopes=?, parent_device_id=?, tags=?, "
            + "created_time=?, last_updated_time=? WHERE device_id=? AND module_id=? AND etag=?";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, String>> TAGS = new TypeReference<>() { };
    private static final TypeReference<List<String>> SCOPES = new TypeReference<>() { };

    private final SecretSealer sealer;

    DeviceRows(SecretSealer sealer) {
        this.sealer = sealer;
    }

    void bindInsert(PreparedStatement statement, Device device) throws SQLException {
        statement.setString(1, device.id().deviceId());
        statement.setString(2, moduleColumn(device.id()));
        bindBody(statement, 3, device);
    }

    void bindReplace(PreparedStatement statement, Device device, String expectedEtag) throws SQLException {
        int next = bindBody(statement, 1, device);
        statement.setString(next, device.id().deviceId());
        statement.setString(next + 1, moduleColumn(device.id()));
        statement.setString(next + 2, expectedEtag);
    }

    /** Binds every column after the key, from {@code first}; returns the next free index. */
    private int bindBody(PreparedStatement statement, int first, Device device) throws SQLException {
        int i = first;
        Authentication auth = device.authentication();
        SymmetricKeys keys = auth.symmetricKey();
        X509Thumbprints thumbprints = auth.x509Thumbprint();
        statement.setString(i++, device.generationId());
        statement.setString(i++, device.etag());
        statement.setString(i++, device.status().wireName());
        statement.setString(i++, device.statusReason());
        statement.setString(i++, device.statusUpdatedTime().toString());
        statement.setString(i++, auth.type().wireName());
        statement.setString(i++, keys == null ? null : sealer.seal(keys.primaryKey(), context(device.id(), "primary")));
        statement.setString(i++, keys == null ? null
                : sealer.seal(keys.secondaryKey(), context(device.id(), "secondary")));
        statement.setString(i++, thumbprints == null ? null : thumbprints.primaryThumbprint());
        statement.setString(i++, thumbprints == null ? null : thumbprints.secondaryThumbprint());
        statement.setInt(i++, device.iotEdge() ? 1 : 0);
        statement.setString(i++, device.deviceScope());
        statement.setString(i++, json(device.parentScopes()));
        statement.setString(i++, device.parentDeviceId());
        statement.setString(i++, json(device.tags()));
        statement.setString(i++, device.createdTime().toString());
        statement.setString(i++, device.lastUpdatedTime().toString());
        return i;
    }

    Device read(ResultSet row) throws SQLException {
        String moduleId = row.getString("module_id");
        IdentityId id = new IdentityId(row.getString("device_id"), moduleId.isEmpty() ? null : moduleId);
        AuthenticationType type = AuthenticationType.fromWire(row.getString("auth_type"));
        String primary = row.getString("primary_key_sealed");
        SymmetricKeys keys = primary == null ? null : new SymmetricKeys(
                sealer.open(primary, context(id, "primary")),
                sealer.open(row.getString("secondary_key_sealed"), context(id, "secondary")));
        String primaryThumbprint = row.getString("primary_thumbprint");
        X509Thumbprints thumbprints = primaryThumbprint == null ? null
                : new X509Thumbprints(primaryThumbprint, row.getString("secondary_thumbprint"));
        return new Device(id, row.getString("generation_id"), row.getString("etag"),
                DeviceStatus.fromWire(row.getString("status")), row.getString("status_reason"),
                StoredInstants.parse(row.getString("status_updated_time")),
                new Authentication(type, keys, thumbprints), row.getInt("iot_edge") == 1,
                row.getString("device_scope"), scopes(row.getString("parent_scopes")), tags(row.getString("tags")),
                StoredInstants.parse(row.getString("created_time")),
                StoredInstants.parse(row.getString("last_updated_time")));
    }

    static String moduleColumn(IdentityId id) {
        return id.moduleId() == null ? "" : id.moduleId();
    }

    private static String context(IdentityId id, String slot) {
        return "device-key:" + id + ":" + slot;
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new StoreException("cannot encode column", e);
        }
    }

    /** Most devices have no parent and no tags: their columns hold {@code []} and {@code {}}, read without Jackson. */
    private static List<String> scopes(String text) {
        return "[]".equals(text) ? List.of() : parse(text, SCOPES);
    }

    private static Map<String, String> tags(String text) {
        return "{}".equals(text) ? Map.of() : parse(text, TAGS);
    }

    private static <T> T parse(String text, TypeReference<T> type) {
        try {
            return JSON.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new StoreException("corrupt JSON column", e);
        }
    }
}
