package io.bulwark.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bulwark.hub.DataFolder;
import io.bulwark.hub.tls.PemFiles;
import io.bulwark.protocol.sas.SasToken;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.bulwark.hub.mqtt.NettyTransport;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * QoS 1 telemetry over TLS from many SAS-authenticated devices against a running hub, on loopback only. Phase 1 sends
 * flat out (a window of messages in flight per device) and reports the sustained rate; phase 2 sends at half that
 * rate and reports PUBACK latency. Every phase is bounded in time.
 *
 * <p>Usage: {@code MqttTelemetryLoad DATA_DIR [devices=1000] [seconds=60] [payloadBytes=100] [extraRates=r1,r2,...]}
 */
public final class MqttTelemetryLoad {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Source addresses spread over several loopback addresses, as the per-source connection limit expects. */
    private static final int SOURCE_ADDRESSES = 8;
    private static final int WINDOW = 8;

    public static void main(String[] args) throws Exception {
        Path data = Path.of(args[0]);
        int devices = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 60;
        int payloadBytes = args.length > 3 ? Integer.parseInt(args[3]) : 100;
        // More fixed-rate phases after the half-rate one, e.g. "5000,10000,20000": where latency bends.
        double[] extraRates = args.length > 4 && !args[4].isBlank()
                ? java.util.Arrays.stream(args[4].split(",")).mapToDouble(Double::parseDouble).toArray()
                : new double[0];
        HubAccess hub = new HubAccess(new DataFolder(data));
        Map<String, byte[]> keys = registerDevices(hub, devices);

        // The driver shares the machine with the hub: native I/O and TLS keep its own cost low.
        NettyTransport transport = NettyTransport.best(true);
        EventLoopGroup loops = transport.newGroup(2, "bench-mqtt");
        SslContext tls = SslContextBuilder.forClient()
                .sslProvider(OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK)
                .trustManager(PemFiles.readCertificates(hub.folder.caCertificate()).toArray(new java.security.cert.X509Certificate[0]))
                .protocols("TLSv1.3").build();
        Recorder latencies = new Recorder(3);
        LoadCounters counters = new LoadCounters();
        byte[] payload = new byte[payloadBytes];
        List<LoadConnection> connections = new ArrayList<>();
        long connectStart = System.nanoTime();
        try {
            int index = 0;
            for (Map.Entry<String, byte[]> device : keys.entrySet()) {
                String id = device.getKey();
                String token = SasToken.create(hub.info.hostName() + "/devices/" + id, device.getValue(),
                        Instant.now().plus(Duration.ofHours(2)), null).format();
                LoadConnection connection = new LoadConnection(id, hub.info.hostName() + "/" + id
                        + "/?api-version=2021-04-12", token, payload, latencies, counters);
                connections.add(connection);
                String source = "127.0.0." + (2 + index++ % SOURCE_ADDRESSES);
                new Bootstrap().group(loops).channel(transport.socketChannel())
                        .handler(new ChannelInitializer<SocketChannel>() {
                            @Override
                            protected void initChannel(SocketChannel channel) {
                                channel.pipeline().addLast(tls.newHandler(channel.alloc(), "127.0.0.1",
                                                hub.info.mqttPort()))
                                        .addLast(new MqttDecoder(64 * 1024)).addLast(MqttEncoder.INSTANCE)
                                        .addLast(connection);
                            }
                        })
                        .connect(new InetSocketAddress("127.0.0.1", hub.info.mqttPort()),
                                new InetSocketAddress(source, 0));
                if (index % 100 == 0) {
                    // Paced so that no source address exceeds the hub's per-source connection rate.
                    CompletableFuture.allOf(connections.stream().map(c -> c.connected)
                            .toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
                }
            }
            CompletableFuture.allOf(connections.stream().map(c -> c.connected).toArray(CompletableFuture[]::new))
                    .get(120, TimeUnit.SECONDS);
            double connectSeconds = (System.nanoTime() - connectStart) / 1e9;
            System.out.printf("connected %d devices over TLS in %.1f s (%.0f connects/s)%n", devices, connectSeconds,
                    devices / connectSeconds);

            connections.forEach(c -> c.startFlatOut(WINDOW));
            Histogram flat = measure(latencies, counters, seconds, "flat out");
            connections.forEach(LoadConnection::stop);
            Thread.sleep(2_000);
            double rate = flat.getTotalCount() / (double) seconds;

            double half = rate / 2;
            Histogram fixed = atFixedRate(connections, loops, latencies, counters, half, seconds,
                    String.format("at half rate (%.0f msg/s)", half));
            System.out.printf("RESULT devices=%d payload=%dB flat_out_msgs_per_s=%.0f half_rate_p50_ms=%.2f "
                            + "half_rate_p99_ms=%.2f half_rate_max_ms=%.2f%n", devices, payloadBytes, rate,
                    fixed.getValueAtPercentile(50) / 1000.0, fixed.getValueAtPercentile(99) / 1000.0,
                    fixed.getMaxValue() / 1000.0);
            for (double extra : extraRates) {
                Thread.sleep(2_000);
                Histogram at = atFixedRate(connections, loops, latencies, counters, extra, seconds,
                        String.format("at %.0f msg/s", extra));
                System.out.printf("RESULT devices=%d payload=%dB rate_msgs_per_s=%.0f p50_ms=%.2f p99_ms=%.2f "
                                + "max_ms=%.2f%n", devices, payloadBytes, extra, at.getValueAtPercentile(50) / 1000.0,
                        at.getValueAtPercentile(99) / 1000.0, at.getMaxValue() / 1000.0);
            }
        } finally {
            loops.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    private static Histogram measure(Recorder latencies, LoadCounters counters, int seconds, String phase)
            throws InterruptedException {
        latencies.getIntervalHistogram();
        long startAcks = counters.acknowledged.sum();
        Thread.sleep(seconds * 1000L);
        Histogram histogram = latencies.getIntervalHistogram();
        long acks = counters.acknowledged.sum() - startAcks;
        System.out.printf("%s: %d PUBACKs in %d s = %.0f msg/s; latency p50 %.2f ms, p99 %.2f ms, max %.2f ms%n",
                phase, acks, seconds, acks / (double) seconds, histogram.getValueAtPercentile(50) / 1000.0,
                histogram.getValueAtPercentile(99) / 1000.0, histogram.getMaxValue() / 1000.0);
        return histogram;
    }

    /** Each device publishes on its own timer, phases spread at random, so that all together send {@code rate}. */
    private static Histogram atFixedRate(List<LoadConnection> connections, EventLoopGroup loops, Recorder latencies,
                                         LoadCounters counters, double rate, int seconds, String label)
            throws InterruptedException {
        long periodMicros = (long) (1_000_000d * connections.size() / Math.max(rate, 1));
        List<io.netty.util.concurrent.ScheduledFuture<?>> ticks = new ArrayList<>();
        for (LoadConnection connection : connections) {
            connection.startFixedRate();
            ticks.add(loops.next().scheduleAtFixedRate(connection::publishOne,
                    (long) (Math.random() * periodMicros), periodMicros, TimeUnit.MICROSECONDS));
        }
        latencies.getIntervalHistogram();
        Histogram measured = measure(latencies, counters, seconds, label);
        ticks.forEach(t -> t.cancel(false));
        connections.forEach(LoadConnection::stop);
        return measured;
    }

    /** Creates the devices in one bulk import and reads their generated keys back from the export. */
    private static Map<String, byte[]> registerDevices(HubAccess hub, int devices) throws Exception {
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < devices; i++) {
            lines.append(String.format("{\"deviceId\":\"load-%05d\",\"importMode\":\"createOrUpdate\"}%n", i));
        }
        hub.send("POST", "/import", lines.toString());
        Map<String, byte[]> keys = new HashMap<>();
        for (String line : hub.send("GET", "/export", null).body().split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode device = JSON.readTree(line);
            String id = device.path("deviceId").asText();
            if (id.startsWith("load-") && device.path("moduleId").isNull()) {
                keys.put(id, Base64.getDecoder().decode(device.at("/authentication/symmetricKey/primaryKey")
                        .asText()));
            }
        }
        return keys;
    }
}
