package io.bulwark.protocol.connection;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code Key=value;Key=value} grammar shared by device and service connection strings: keys case-insensitive,
 * values split at the first {@code =} only (base64 keys end in {@code =}), duplicates refused.
 */
final class ConnectionStringFields {

    static final int MAX_LENGTH = 4096;

    private final Map<String, String> fields;

    private ConnectionStringFields(Map<String, String> fields) {
        this.fields = fields;
    }

    static ConnectionStringFields parse(String text) {
        if (text == null || text.isBlank()) {
            throw new ConnectionStringFormatException("empty connection string");
        }
        if (text.length() > MAX_LENGTH) {
            throw new ConnectionStringFormatException("connection string longer than " + MAX_LENGTH + " characters");
        }
        Map<String, String> fields = new LinkedHashMap<>();
        for (String part : text.split(";")) {
            String item = part.trim();
            if (item.isEmpty()) {
                continue;
            }
            int eq = item.indexOf('=');
            if (eq <= 0) {
                throw new ConnectionStringFormatException("connection string parts must be Key=value");
            }
            String key = item.substring(0, eq).trim().toLowerCase(Locale.ROOT);
            if (fields.put(key, item.substring(eq + 1).trim()) != null) {
                throw new ConnectionStringFormatException("connection string names '" + key + "' twice");
            }
        }
        return new ConnectionStringFields(fields);
    }

    String optional(String key) {
        String value = fields.get(key.toLowerCase(Locale.ROOT));
        return value == null || value.isEmpty() ? null : value;
    }

    String required(String key) {
        String value = optional(key);
        if (value == null) {
            throw new ConnectionStringFormatException("connection string lacks " + key);
        }
        return value;
    }

    void allowOnly(String... keys) {
        for (String present : fields.keySet()) {
            boolean known = false;
            for (String key : keys) {
                known |= key.toLowerCase(Locale.ROOT).equals(present);
            }
            if (!known) {
                throw new ConnectionStringFormatException("unknown connection string part '" + present + "'");
            }
        }
    }

    static String requireHostName(String hostName) {
        if (!hostName.contains(".")) {
            // The Azure SDKs refuse such a HostName too; refusing it here gives the clearer message.
            throw new ConnectionStringFormatException("HostName must contain a dot (e.g. hub.example.com or 127.0.0.1)");
        }
        return hostName;
    }
}
