package io.bulwark.protocol.mqtt;

import io.bulwark.protocol.identity.IdentityRules;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The CONNECT user name of the device protocol: {@code {hostName}/{deviceId}[/{moduleId}]/?api-version={v}[&...]}.
 * The query may come with or without its {@code ?}; {@code api-version} is required; unknown parameters are ignored
 * (the Java SDK adds {@code DeviceClientType}, {@code model-id}).
 */
public record MqttUserName(String hostName, String deviceId, String moduleId, String apiVersion) {

    public static final int MAX_LENGTH = 1024;

    public static MqttUserName parse(String userName) {
        if (userName == null || userName.isEmpty()) {
            throw new MqttFormatException("empty user name");
        }
        if (userName.length() > MAX_LENGTH) {
            throw new MqttFormatException("user name longer than " + MAX_LENGTH + " characters");
        }
        for (int i = 0; i < userName.length(); i++) {
            char c = userName.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                throw new MqttFormatException("user name holds control characters");
            }
        }
        int query = userName.indexOf("/?");
        String path;
        String parameters;
        if (query >= 0) {
            path = userName.substring(0, query);
            parameters = userName.substring(query + 2);
        } else {
            int api = userName.indexOf("/api-version=");
            if (api < 0) {
                throw new MqttFormatException("user name lacks api-version");
            }
            path = userName.substring(0, api);
            parameters = userName.substring(api + 1);
        }
        if (path.indexOf('#') >= 0 || path.indexOf('+') >= 0) {
            // S-AUTH-5 (CVE-2017-7650): MQTT wildcards never name an identity.
            throw new MqttFormatException("user name holds MQTT wildcard characters");
        }
        String[] segments = path.split("/", -1);
        if (segments.length < 2 || segments.length > 3 || segments[0].isEmpty()) {
            throw new MqttFormatException("user name must be {hostName}/{deviceId}[/{moduleId}]/?api-version=...");
        }
        String apiVersion = parameters(parameters).get("api-version");
        if (apiVersion == null || apiVersion.isEmpty()) {
            throw new MqttFormatException("user name lacks api-version");
        }
        String deviceId = requireId(segments[1]);
        String moduleId = segments.length == 3 ? requireId(segments[2]) : null;
        return new MqttUserName(segments[0], deviceId, moduleId, apiVersion);
    }

    /**
     * The user name a device sends: {@code {hostName}/{deviceId}[/{moduleId}]/?api-version={v}} followed by
     * {@code extraParameters} (already encoded, e.g. {@code DeviceClientType=...}), if any.
     */
    public String format(String extraParameters) {
        StringBuilder out = new StringBuilder(hostName).append('/').append(deviceId);
        if (moduleId != null) {
            out.append('/').append(moduleId);
        }
        out.append("/?api-version=").append(apiVersion);
        if (extraParameters != null && !extraParameters.isEmpty()) {
            out.append('&').append(extraParameters);
        }
        return out.toString();
    }

    private static Map<String, String> parameters(String query) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String item : query.split("&")) {
            int eq = item.indexOf('=');
            if (eq > 0) {
                values.putIfAbsent(item.substring(0, eq), item.substring(eq + 1));
            }
        }
        return values;
    }

    private static String requireId(String id) {
        if (!IdentityRules.isValidId(id)) {
            throw new MqttFormatException("user name names an invalid id");
        }
        return id;
    }
}
