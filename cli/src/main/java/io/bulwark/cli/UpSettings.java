package io.bulwark.cli;

import io.bulwark.hub.HubConfig;
import io.bulwark.hub.HubLimits;
import io.bulwark.hub.security.MonitoringSettings;
import io.bulwark.hub.security.fleetaudit.FleetAuditSettings;
import io.bulwark.hub.webhook.PrivateTargetAllowance;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * How {@code up} starts the hub, resolved once: each setting from its flag, else its {@code BULWARK_*} environment
 * variable, else the default.
 */
record UpSettings(Path dataDir, List<String> hostNames, String bindAddress, int httpsPort, int mqttPort) {

    static final String ENV_HOST = "BULWARK_HOST";
    static final String ENV_HTTPS_PORT = "BULWARK_HTTPS_PORT";
    static final String ENV_MQTT_PORT = "BULWARK_MQTT_PORT";
    static final String ENV_BIND = "BULWARK_BIND";
    static final String DEFAULT_BIND = "0.0.0.0";
    static final String ENV_DEVICE_MESSAGES_PER_SECOND = "BULWARK_DEVICE_MESSAGES_PER_SECOND";
    static final String ENV_DEVICE_BYTES_PER_SECOND = "BULWARK_DEVICE_BYTES_PER_SECOND";
    static final String ENV_TRAFFIC_BASELINE = "BULWARK_TRAFFIC_BASELINE";

    UpSettings {
        hostNames = List.copyOf(hostNames);
    }

    /** Flags are null (or empty) when not given. Throws IllegalArgumentException naming the bad value's source. */
    static UpSettings resolve(Path dataFlag, List<String> hostFlags, String bindFlag, Integer httpsFlag,
                              Integer mqttFlag, Map<String, String> env) {
        List<String> hosts = hostFlags != null && !hostFlags.isEmpty()
                ? cleaned(hostFlags)
                : cleaned(Arrays.asList(env.getOrDefault(ENV_HOST, "").split(",")));
        String bind = bindFlag != null ? bindFlag : nonBlank(env.get(ENV_BIND), DEFAULT_BIND);
        int https = httpsFlag != null ? httpsFlag : port(env, ENV_HTTPS_PORT, HubConfig.DEFAULT_HTTPS_PORT);
        int mqtt = mqttFlag != null ? mqttFlag : port(env, ENV_MQTT_PORT, HubConfig.DEFAULT_MQTT_PORT);
        return new UpSettings(DataOption.resolve(dataFlag, env), hosts, bind, https, mqtt);
    }

    /**
     * Throws IllegalArgumentException naming the variable when a {@code BULWARK_FLEET_AUDIT_*}, per-device rate or
     * {@code BULWARK_WEBHOOK_ALLOW_PRIVATE_TARGETS} value is bad.
     */
    HubConfig toConfig(Map<String, String> env) {
        HubLimits defaults = HubLimits.DEFAULTS;
        int messagesPerSecond = atLeast(env, ENV_DEVICE_MESSAGES_PER_SECOND, defaults.deviceMessagesPerSecond(), 1);
        int bytesPerSecond = atLeast(env, ENV_DEVICE_BYTES_PER_SECOND, defaults.deviceBytesPerSecond(), 1024);
        HubLimits limits = defaults.withDeviceRates(messagesPerSecond, bytesPerSecond)
                .withFleetAudit(FleetAuditSettings.fromEnvironment(env))
                .withMonitoring(MonitoringSettings.fromEnvironment(env, defaults.monitoring())
                        .withTrafficBaseline(trafficBaseline(env)))
                .withWebhooks(defaults.webhooks().withPrivateTargets(
                        PrivateTargetAllowance.parse(env.get(PrivateTargetAllowance.VARIABLE))));
        return new HubConfig(dataDir, hostNames, bindAddress, httpsPort, mqttPort, limits, env);
    }

    /** {@code BULWARK_TRAFFIC_BASELINE=off} turns the traffic rules off; a value other than on or off fails. */
    private static boolean trafficBaseline(Map<String, String> env) {
        String value = env.getOrDefault(ENV_TRAFFIC_BASELINE, "").trim();
        if (value.isEmpty() || value.equalsIgnoreCase("on")) {
            return true;
        }
        if (value.equalsIgnoreCase("off")) {
            return false;
        }
        throw new IllegalArgumentException(ENV_TRAFFIC_BASELINE + " must be on or off, not '" + value + "'");
    }

    private static List<String> cleaned(List<String> names) {
        List<String> result = new ArrayList<>();
        for (String name : names) {
            String trimmed = name.trim();
            if (!trimmed.isEmpty() && !result.contains(trimmed)) {
                result.add(trimmed);
            }
        }
        return result;
    }

    private static String nonBlank(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    private static int atLeast(Map<String, String> env, String name, int fallback, int minimum) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(value.trim());
            if (parsed >= minimum) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // Answered below, like a number out of range.
        }
        throw new IllegalArgumentException(name + " must be a whole number of at least " + minimum + ", not '"
                + value + "'");
    }

    private static int port(Map<String, String> env, String name, int fallback) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a port number, not '" + value + "'");
        }
    }
}
