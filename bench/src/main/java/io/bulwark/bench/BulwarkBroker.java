package io.bulwark.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bulwark.hub.DataFolder;
import io.bulwark.hub.HubLimits;
import io.bulwark.hub.tls.ServerIdentity;
import io.bulwark.hub.x509.Certificates;
import io.bulwark.protocol.sas.SasToken;
import io.netty.handler.ssl.SslContext;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A running Bulwark hub: devices registered over REST in bulk imports, SAS (keys made by the driver, tokens valid two
 * hours) or X.509 (EC P-256 certificates from a CA the driver registers and proves possession of); cloud-to-device
 * messages and direct methods through the service REST API.
 */
final class BulwarkBroker implements Broker {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CA_NAME = "bench-fleet";
    private static final int IMPORT_CHUNK = 10_000;

    private final HubAccess hub;
    private final String auth;
    private final BrokerProcess process;
    private final SslContext sasTls;
    private final SecureRandom random = new SecureRandom();
    private final List<BenchDevice> devices = new ArrayList<>();
    private FleetCertificates fleet;

    BulwarkBroker(Path data, String auth, int httpConnections) throws Exception {
        this.hub = new HubAccess(new DataFolder(data), httpConnections);
        this.auth = auth;
        this.process = new BrokerProcess(hub.info.pid());
        this.sasTls = ClientTls.pinning(serverCertificate());
        runFleetAudit();
    }

    /**
     * A fresh hub runs its first fleet audit a minute after it starts, which is when the connect storm ran: the
     * audit's scan of the storm's 19,000 devices took 8 % of the hub's CPU and most of its JIT compilations there
     * (2026-12-02). Mosquitto has no such work, and a daily job has no place in a timed phase. A run asked for now
     * postpones the scheduled one by its interval (a day), and it is over before the first phase begins. The driver's
     * second process (after the connection scenarios) finds that run and asks for none.
     */
    private void runFleetAudit() throws Exception {
        JsonNode runs = JSON.readTree(hub.send("GET", "/fleetAudits?pageSize=1", null).body());
        if (runs.size() > 0 && runs.get(0).path("state").asText().equals("done")) {
            return;
        }
        JsonNode started = JSON.readTree(hub.send("POST", "/fleetAudits", null).body());
        String path = "/fleetAudits/" + started.path("id").asText();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        String state = started.path("state").asText();
        while (state.equals("running") && System.nanoTime() < deadline) {
            Thread.sleep(50);
            state = JSON.readTree(hub.send("GET", path, null).body()).path("state").asText();
        }
        if (!state.equals("done")) {
            throw new IllegalStateException("the fleet audit the bench asked for " + (state.equals("running")
                    ? "did not finish within 60 s" : "ended " + state));
        }
    }

    @Override
    public String name() {
        return "bulwark";
    }

    @Override
    public InetSocketAddress mqtt() {
        return new InetSocketAddress("127.0.0.1", hub.info.mqttPort());
    }

    @Override
    public BrokerProcess process() {
        return process;
    }

    @Override
    public boolean isJvm() {
        return true;
    }

    @Override
    public synchronized List<BenchDevice> devices(int count) throws Exception {
        while (devices.size() < count) {
            int from = devices.size();
            int to = Math.min(count, from + IMPORT_CHUNK);
            devices.addAll(auth.equals("x509") ? x509Devices(from, to) : sasDevices(from, to));
        }
        return List.copyOf(devices.subList(0, count));
    }

    private List<BenchDevice> sasDevices(int from, int to) throws Exception {
        StringBuilder lines = new StringBuilder();
        List<BenchDevice> made = new ArrayList<>();
        Instant expiry = Instant.now().plus(Duration.ofHours(2));
        for (int i = from; i < to; i++) {
            String id = String.format("bench-sas-%06d", i);
            byte[] key = new byte[32];
            random.nextBytes(key);
            String encoded = Base64.getEncoder().encodeToString(key);
            lines.append("{\"deviceId\":\"").append(id).append("\",\"importMode\":\"createOrUpdate\",")
                    .append("\"authentication\":{\"type\":\"sas\",\"symmetricKey\":{\"primaryKey\":\"")
                    .append(encoded).append("\",\"secondaryKey\":\"").append(encoded).append("\"}}}\n");
            String token = SasToken.create(hub.info.hostName() + "/devices/" + id, key, expiry, null).format();
            made.add(new BenchDevice(id, userName(id), token, sasTls));
        }
        hub.send("POST", "/import", lines.toString());
        return made;
    }

    private List<BenchDevice> x509Devices(int from, int to) throws Exception {
        if (fleet == null) {
            fleet = new FleetCertificates("Bench Fleet Root CA");
            registerAndVerifyCa();
        }
        StringBuilder lines = new StringBuilder();
        List<BenchDevice> made = new ArrayList<>();
        for (int i = from; i < to; i++) {
            String id = String.format("bench-x509-%06d", i);
            lines.append("{\"deviceId\":\"").append(id).append("\",\"importMode\":\"createOrUpdate\",")
                    .append("\"authentication\":{\"type\":\"certificateAuthority\"}}\n");
            FleetCertificates.Issued leaf = fleet.issue(id);
            SslContext tls = ClientTls.pinning(serverCertificate(), leaf.keys().getPrivate(), leaf.certificate());
            made.add(new BenchDevice(id, userName(id), null, tls));
        }
        hub.send("POST", "/import", lines.toString());
        return made;
    }

    /** Registers the CA and proves possession of its key: an unverified CA authenticates no device. */
    private void registerAndVerifyCa() throws Exception {
        JsonNode registered = JSON.readTree(hub.send("PUT", "/certificates/" + CA_NAME,
                JSON.createObjectNode().put("certificate", Certificates.toPem(fleet.ca())).toString()).body());
        String code = registered.path("verificationCode").asText();
        JsonNode verified = JSON.readTree(hub.send("POST", "/certificates/" + CA_NAME + "/verify",
                JSON.createObjectNode().put("certificate", Certificates.toPem(fleet.proof(code))).toString()).body());
        if (!verified.path("isVerified").asBoolean()) {
            throw new IllegalStateException("CA " + CA_NAME + " is not verified: " + verified);
        }
    }

    /** The hub's own TLS certificate, which the driver pins (ClientTls). */
    private Path serverCertificate() {
        return hub.folder.root().resolve(ServerIdentity.CERTIFICATE_FILE);
    }

    private String userName(String id) {
        return hub.info.hostName() + "/" + id + "/?api-version=2021-04-12";
    }

    /**
     * deviceMessagesPerSecond and deviceBytesPerSecond: the hub holds the rest. {@code bulwark up} takes them from
     * BULWARK_DEVICE_MESSAGES_PER_SECOND and BULWARK_DEVICE_BYTES_PER_SECOND, which the bench scripts pass to hub and
     * driver alike; without them, the hub's defaults.
     */
    @Override
    public double telemetryRateCap(int devices, int payloadBytes) {
        return telemetryRateCap(devices, payloadBytes, System.getenv("BULWARK_DEVICE_MESSAGES_PER_SECOND"),
                System.getenv("BULWARK_DEVICE_BYTES_PER_SECOND"));
    }

    static double telemetryRateCap(int devices, int payloadBytes, String messagesPerSecond, String bytesPerSecond) {
        HubLimits limits = HubLimits.DEFAULTS;
        double messages = messagesPerSecond == null || messagesPerSecond.isBlank()
                ? limits.deviceMessagesPerSecond() : Double.parseDouble(messagesPerSecond.trim());
        double bytes = bytesPerSecond == null || bytesPerSecond.isBlank()
                ? limits.deviceBytesPerSecond() : Double.parseDouble(bytesPerSecond.trim());
        return devices * Math.min(messages, bytes / payloadBytes);
    }

    @Override
    public TelemetryConsumer openConsumer(Connector connector, io.netty.handler.codec.mqtt.MqttQoS qos)
            throws Exception {
        return StreamEventReader.open(hub, storedTelemetry().orElseThrow());
    }

    @Override
    public String consumerMeaning(io.netty.handler.codec.mqtt.MqttQoS qos) {
        return "what one back end read of the telemetry stream (Server-Sent Events; owner token)";
    }

    @Override
    public java.util.Optional<PrometheusHistogram> acknowledgementLatency() throws Exception {
        return java.util.Optional.of(PrometheusHistogram.parse(hub.send("GET", "/metrics", null).body(),
                "bulwark_mqtt_telemetry_ack_seconds"));
    }

    /** The telemetry stream's newest offset: offsets count messages and are never reused. */
    @Override
    public java.util.OptionalLong storedTelemetry() throws Exception {
        String last = hub.send("GET", "/streams/telemetry/messages?from=1&limit=1", null).headers()
                .firstValue("bulwark-last-offset").orElseThrow(() -> new IllegalStateException(
                        "the hub's stream read has no bulwark-last-offset header"));
        return java.util.OptionalLong.of(Long.parseLong(last.trim()));
    }

    @Override
    public String[] subscriptions(BenchDevice device) {
        return new String[] {device.cloudToDeviceFilter(), "$iothub/methods/POST/#", "$iothub/twin/res/#"};
    }

    @Override
    public String cloudToDeviceMeaning() {
        int connections = hub.timedClients().connections();
        return "REST POST deviceBound on " + (connections == 0 ? "unbounded (one per call in flight)"
                : connections + " keep-alive") + " HTTPS connections until the device has the PUBLISH";
    }

    @Override
    public void openService(Connector connector) {
        // The REST client is always open.
    }

    @Override
    public CompletableFuture<?> sendCloudToDevice(BenchDevice device, byte[] body) {
        return hub.postAsync("/devices/" + device.id() + "/messages/deviceBound", "application/octet-stream", body);
    }

    @Override
    public java.util.OptionalLong serviceConnectionsOpened() {
        return java.util.OptionalLong.of(hub.timedClients().connectionsOpened());
    }

    @Override
    public boolean hasMethodsAndTwins() {
        return true;
    }

    @Override
    public CompletableFuture<?> invokeMethod(BenchDevice device) {
        byte[] call = "{\"methodName\":\"ping\",\"payload\":{},\"responseTimeoutInSeconds\":5}"
                .getBytes(StandardCharsets.UTF_8);
        return hub.postAsync("/twins/" + device.id() + "/methods", "application/json", call);
    }

    @Override
    public void close() {
        // The hub belongs to the script that started it; only the driver's own REST connections end here.
        hub.timedClients().close();
    }
}
