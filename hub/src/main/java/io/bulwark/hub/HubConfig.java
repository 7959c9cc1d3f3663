package io.bulwark.hub;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * How one hub runs. Built from command-line flags, then {@code BULWARK_*} environment variables, then defaults.
 *
 * @param dataDir     where the database, keys and certificates live (owner-only)
 * @param hostNames   names devices dial; they go into the server certificate's SANs and are the SAS audiences the hub
 *                    accepts. The first one is the {@code HostName} of connection strings.
 * @param bindAddress address the listeners bind to
 * @param httpsPort   HTTPS port (0 picks a free one, for tests)
 * @param mqttPort    MQTT/TLS port (0 picks a free one)
 * @param env         the environment the hub was started with, for secrets supplied that way (BULWARK_MASTER_KEY)
 */
public record HubConfig(Path dataDir, List<String> hostNames, String bindAddress, int httpsPort, int mqttPort,
                        HubLimits limits, Map<String, String> env) {

    public static final int DEFAULT_HTTPS_PORT = 8443;
    public static final int DEFAULT_MQTT_PORT = 8883;
    /** Loopback addresses always in the certificate, so a local client can verify the hub without any --host. */
    public static final List<String> LOOPBACK_NAMES = List.of("localhost", "127.0.0.1", "::1");

    public HubConfig {
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(bindAddress, "bindAddress");
        Objects.requireNonNull(limits, "limits");
        hostNames = List.copyOf(hostNames);
        env = Map.copyOf(env);
        requirePort(httpsPort, "HTTPS");
        requirePort(mqttPort, "MQTT");
        for (String host : hostNames) {
            if (host.isBlank() || host.length() > 253 || !host.matches("[A-Za-z0-9.:\\-\\[\\]]+")) {
                throw new IllegalArgumentException("invalid host name: " + host);
            }
        }
    }

    /** A hub on the embedded defaults in {@code dataDir}, listening on loopback with free ports: what tests use. */
    public static HubConfig forTests(Path dataDir) {
        return new HubConfig(dataDir, List.of(), "127.0.0.1", 0, 0, HubLimits.DEFAULTS, Map.of());
    }

    /**
     * The host name connection strings carry. Azure's SDKs want a name with a dot, so without a configured host the
     * loopback address stands in (it has an IP SAN).
     */
    public String primaryHostName() {
        return hostNames.isEmpty() ? "127.0.0.1" : hostNames.get(0);
    }

    /**
     * Whether the MQTT listener may use epoll and BoringSSL where their native code loads. {@code BULWARK_NATIVE_IO=off}
     * forces Java NIO and the JDK's TLS: a way out should a native library misbehave, and the baseline for benchmarks.
     */
    public boolean nativeIoAllowed() {
        return !"off".equalsIgnoreCase(env.getOrDefault("BULWARK_NATIVE_IO", "on").trim());
    }

    /** Configured names plus loopback: the certificate's SANs and the accepted SAS audiences. */
    public Set<String> allHostNames() {
        Set<String> names = new LinkedHashSet<>(hostNames);
        names.addAll(LOOPBACK_NAMES);
        return names;
    }

    public HubConfig withPorts(int https, int mqtt) {
        return new HubConfig(dataDir, hostNames, bindAddress, https, mqtt, limits, env);
    }

    public HubConfig withHostNames(List<String> names) {
        return new HubConfig(dataDir, new ArrayList<>(names), bindAddress, httpsPort, mqttPort, limits, env);
    }

    private static void requirePort(int port, String what) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(what + " port must be 0..65535");
        }
    }
}
