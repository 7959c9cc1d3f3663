package io.bulwark.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bulwark.hub.Hub;
import io.bulwark.hub.HubConfig;
import io.bulwark.hub.HubLimits;
import io.bulwark.hub.ServiceClient;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An in-process hub that can be stopped and started again on the same data folder and the same MQTT port, as a
 * restarted hub is to its devices. While stopped, {@link #startElsewhere()} runs it on another MQTT port, so the
 * service API works while the devices still cannot reach it.
 */
final class FixedPortHub implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path data;
    private final HubLimits limits;
    private final int mqttPort;
    private Hub hub;
    private ServiceClient api;
    private Path ca;

    FixedPortHub(Path data, HubLimits limits) throws IOException {
        this.data = data;
        this.limits = limits;
        try (ServerSocket probe = new ServerSocket(0)) {
            mqttPort = probe.getLocalPort();
        }
        start();
    }

    void start() {
        startOn(mqttPort);
    }

    /** Up for the service API, but not where the devices dial. */
    void startElsewhere() {
        startOn(0);
    }

    private void startOn(int port) {
        if (hub != null) {
            throw new IllegalStateException("already running");
        }
        hub = Hub.start(new HubConfig(data, List.of(), "127.0.0.1", 0, port, limits, Map.of()));
        api = ServiceClient.forPolicy(hub.dataFolder(), hub.httpsPort(), "iothubowner");
        ca = hub.dataFolder().caCertificate();
    }

    void stop() {
        if (hub != null) {
            hub.close();
            hub = null;
        }
    }

    int mqttPort() {
        return mqttPort;
    }

    /** The hub CA's PEM file; the same across restarts (same data folder), also while stopped. */
    Path ca() {
        return ca;
    }

    ServiceClient api() {
        return api;
    }

    /** The message ids in the telemetry stream, read over REST page by page. */
    Set<String> telemetryIds() throws IOException {
        Set<String> ids = new HashSet<>();
        long last = 0;
        while (true) {
            String query = "/streams/telemetry/messages?limit=1000&from=" + (last + 1);
            JsonNode page = JSON.readTree(api.get(query).body());
            if (!page.isArray() || page.isEmpty()) {
                return ids;
            }
            for (JsonNode message : page) {
                ids.add(message.at("/properties/$.mid").asText());
                last = Math.max(last, message.path("offset").asLong(last));
            }
            if (page.size() < 1000) {
                return ids;
            }
        }
    }

    @Override
    public void close() {
        stop();
    }
}
