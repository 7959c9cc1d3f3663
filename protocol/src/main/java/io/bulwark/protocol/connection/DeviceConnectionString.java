package io.bulwark.protocol.connection;

import io.bulwark.protocol.identity.IdentityRules;
import io.bulwark.protocol.identity.InvalidIdentityException;
import java.util.Locale;

/**
 * {@code HostName=...;DeviceId=...;[ModuleId=...;]SharedAccessKey=...} (or {@code SharedAccessSignature=...} or
 * {@code x509=true}), optionally with {@code GatewayHostName=...}: what a device is given to connect.
 */
public record DeviceConnectionString(String hostName, String deviceId, String moduleId, String sharedAccessKey,
                                     String sharedAccessSignature, String gatewayHostName, boolean x509) {

    public DeviceConnectionString {
        ConnectionStringFields.requireHostName(hostName);
        requireId(deviceId, "DeviceId");
        if (moduleId != null) {
            requireId(moduleId, "ModuleId");
        }
        int credentials = (sharedAccessKey != null ? 1 : 0) + (sharedAccessSignature != null ? 1 : 0) + (x509 ? 1 : 0);
        if (credentials != 1) {
            throw new ConnectionStringFormatException(
                    "a device connection string needs exactly one of SharedAccessKey, SharedAccessSignature, x509=true");
        }
    }

    public static DeviceConnectionString withKey(String hostName, String deviceId, String moduleId, String key) {
        return new DeviceConnectionString(hostName, deviceId, moduleId, key, null, null, false);
    }

    public static DeviceConnectionString parse(String text) {
        ConnectionStringFields fields = ConnectionStringFields.parse(text);
        fields.allowOnly("HostName", "DeviceId", "ModuleId", "SharedAccessKey", "SharedAccessSignature",
                "GatewayHostName", "x509");
        String x509 = fields.optional("x509");
        if (x509 != null && !x509.toLowerCase(Locale.ROOT).matches("true|false")) {
            throw new ConnectionStringFormatException("x509 must be true or false");
        }
        return new DeviceConnectionString(fields.required("HostName"), fields.required("DeviceId"),
                fields.optional("ModuleId"), fields.optional("SharedAccessKey"),
                fields.optional("SharedAccessSignature"), fields.optional("GatewayHostName"),
                "true".equalsIgnoreCase(x509));
    }

    public String format() {
        StringBuilder out = new StringBuilder("HostName=").append(hostName).append(";DeviceId=").append(deviceId);
        if (moduleId != null) {
            out.append(";ModuleId=").append(moduleId);
        }
        if (sharedAccessKey != null) {
            out.append(";SharedAccessKey=").append(sharedAccessKey);
        }
        if (sharedAccessSignature != null) {
            out.append(";SharedAccessSignature=").append(sharedAccessSignature);
        }
        if (x509) {
            out.append(";x509=true");
        }
        if (gatewayHostName != null) {
            out.append(";GatewayHostName=").append(gatewayHostName);
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return "DeviceConnectionString[HostName=" + hostName + ", DeviceId=" + deviceId
                + (moduleId == null ? "" : ", ModuleId=" + moduleId) + ", credentials=redacted]";
    }

    private static void requireId(String id, String field) {
        try {
            IdentityRules.requireValidId(id, field);
        } catch (InvalidIdentityException e) {
            throw new ConnectionStringFormatException(e.getMessage());
        }
    }
}
