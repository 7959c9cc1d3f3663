package io.bulwark.protocol.connection;

import java.util.Base64;

/** {@code HostName=...;SharedAccessKeyName=...;SharedAccessKey=...}: what a back-end service is given. */
public record ServiceConnectionString(String hostName, String sharedAccessKeyName, String sharedAccessKey) {

    public ServiceConnectionString {
        ConnectionStringFields.requireHostName(hostName);
        if (sharedAccessKeyName == null || sharedAccessKeyName.isBlank()) {
            throw new ConnectionStringFormatException("connection string lacks SharedAccessKeyName");
        }
        if (sharedAccessKey == null || sharedAccessKey.isBlank()) {
            throw new ConnectionStringFormatException("connection string lacks SharedAccessKey");
        }
        try {
            Base64.getDecoder().decode(sharedAccessKey);
        } catch (IllegalArgumentException e) {
            throw new ConnectionStringFormatException("SharedAccessKey is not base64");
        }
    }

    public static ServiceConnectionString parse(String text) {
        ConnectionStringFields fields = ConnectionStringFields.parse(text);
        fields.allowOnly("HostName", "SharedAccessKeyName", "SharedAccessKey");
        return new ServiceConnectionString(fields.required("HostName"), fields.required("SharedAccessKeyName"),
                fields.required("SharedAccessKey"));
    }

    public byte[] keyBytes() {
        return Base64.getDecoder().decode(sharedAccessKey);
    }

    public String format() {
        return "HostName=" + hostName + ";SharedAccessKeyName=" + sharedAccessKeyName + ";SharedAccessKey="
                + sharedAccessKey;
    }

    @Override
    public String toString() {
        return "ServiceConnectionString[HostName=" + hostName + ", SharedAccessKeyName=" + sharedAccessKeyName
                + ", SharedAccessKey=redacted]";
    }
}
