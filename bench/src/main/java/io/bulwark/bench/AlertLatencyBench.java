package io.bulwark.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bulwark.hub.DataFolder;
import io.bulwark.hub.tls.TrustedHubCa;
import io.bulwark.protocol.sas.SasToken;
import io.bulwark.protocol.security.SecurityEvent;
import io.bulwark.protocol.security.SecurityEventCodec;
import io.bulwark.protocol.security.Tamper;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import javax.net.ssl.SSLSocket;
import org.HdrHistogram.Histogram;

/**
 * Event-to-alert latency: devices send tamper events over MQTT (QoS 1, TLS) at a fixed total rate; each has its own
 * tamper kind, so each opens its own alert (the dearest case: every event an insert, none folded into an existing
 * alert). A reader long-polls the alerts stream as a back end would, and the latency of an event is from just before
 * its PUBLISH is written to the moment its alert is read from the stream. The first second is warm-up.
 *
 * <p>Arguments: data folder of a running hub, devices, events per second (all devices together), seconds.
 */
public final class AlertLatencyBench {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecurityEventCodec CODEC = new SecurityEventCodec();

    private final Map<String, Long> sentAt = new ConcurrentHashMap<>();
    private final Histogram latencies = new Histogram(60_000_000L, 3);
    private final AtomicLong pubAcks = new AtomicLong();
    private volatile long measureFrom;

    public static void main(String[] args) throws Exception {
        Path data = Path.of(args[0]);
        int devices = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        int rate = args.length > 2 ? Integer.parseInt(args[2]) : 1000;
        int seconds = args.length > 3 ? Integer.parseInt(args[3]) : 20;
        new AlertLatencyBench().run(new HubAccess(new DataFolder(data)), devices, rate, seconds);
    }

    private void run(HubAccess hub, int devices, int rate, int seconds) throws Exception {
        List<SSLSocket> connections = new ArrayList<>();
        for (int i = 0; i < devices; i++) {
            connections.add(connect(hub, "alert-bench-" + i));
        }
        AlertReader reader = new AlertReader(hub, hub.send("GET", "/streams/alerts/messages?from=1&limit=1",
                null));
        Thread readerThread = new Thread(reader, "alert-reader");
        readerThread.setDaemon(true);
        readerThread.start();

        long total = (long) rate * seconds;
        long interval = 1_000_000_000L / rate;
        long start = System.nanoTime();
        measureFrom = start + 1_000_000_000L;
        for (long n = 0; n < total; n++) {
            long due = start + n * interval;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            int device = (int) (n % devices);
            String kind = "bench-" + n;
            byte[] body = CODEC.encode(SecurityEvent.of(n, "bench", Instant.now(), new Tamper(kind, null)));
            sentAt.put("tamper:alert-bench-" + device + ":" + kind, System.nanoTime());
            publish(connections.get(device), "alert-bench-" + device, (int) (n % 65_000) + 1, body);
        }
        long sendSeconds = (System.nanoTime() - start) / 1_000_000;
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!sentAt.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        reader.stop();
        for (SSLSocket connection : connections) {
            connection.close();
        }
        System.out.printf("sent %d tamper events from %d devices in %.1f s (target %d/s), %d PUBACKs, "
                + "%d alerts never seen within 60 s%n", total, devices, sendSeconds / 1000.0, rate, pubAcks.get(),
                sentAt.size());
        System.out.printf("event-to-alert latency after 1 s warm-up (%d alerts): p50 %.1f ms, p99 %.1f ms, "
                + "p99.9 %.1f ms, max %.1f ms%n", latencies.getTotalCount(),
                latencies.getValueAtPercentile(50) / 1000.0, latencies.getValueAtPercentile(99) / 1000.0,
                latencies.getValueAtPercentile(99.9) / 1000.0, latencies.getMaxValue() / 1000.0);
    }

    /** Long-polls the alerts stream from its current end and matches each raised alert to the event behind it. */
    private final class AlertReader implements Runnable {
        private final HubAccess hub;
        private volatile boolean running = true;
        private long next;

        AlertReader(HubAccess hub, HttpResponse<String> probe) {
            this.hub = hub;
            this.next = Long.parseLong(probe.headers().firstValue("bulwark-last-offset").orElse("0")) + 1;
        }

        @Override
        public void run() {
            while (running) {
                try {
                    HttpResponse<String> page = hub.send("GET", "/streams/alerts/messages?from=" + next
                            + "&limit=1000&wait=2", null);
                    long seen = System.nanoTime();
                    for (JsonNode message : JSON.readTree(page.body())) {
                        JsonNode alert = JSON.readTree(Base64.getDecoder().decode(message.path("body").asText()));
                        Long sent = sentAt.remove(alert.path("dedupKey").asText());
                        if (sent != null && sent >= measureFrom) {
                            synchronized (latencies) {
                                latencies.recordValue(Math.max(1, (seen - sent) / 1_000));
                            }
                        }
                    }
                    next = Long.parseLong(page.headers().firstValue("x-ms-continuation").orElseThrow());
                } catch (IOException | RuntimeException e) {
                    if (running) {
                        System.err.println("alert reader: " + e);
                    }
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        void stop() {
            running = false;
        }
    }

    private SSLSocket connect(HubAccess hub, String deviceId) throws Exception {
        JsonNode device = JSON.readTree(hub.send("PUT", "/devices/" + deviceId, "{}").body());
        byte[] key = Base64.getDecoder().decode(device.at("/authentication/symmetricKey/primaryKey").asText());
        String host = "127.0.0.1";
        String token = SasToken.create(host + "/devices/" + deviceId, key, Instant.now().plusSeconds(3600), null)
                .format();
        SSLSocket socket = (SSLSocket) TrustedHubCa.clientContext(hub.folder.caCertificate()).getSocketFactory()
                .createSocket(host, hub.info.mqttPort());
        socket.setTcpNoDelay(true);
        socket.startHandshake();
        byte[] user = (host + "/" + deviceId + "/?api-version=2021-04-12").getBytes(StandardCharsets.UTF_8);
        byte[] password = token.getBytes(StandardCharsets.UTF_8);
        byte[] client = deviceId.getBytes(StandardCharsets.UTF_8);
        java.io.ByteArrayOutputStream variable = new java.io.ByteArrayOutputStream();
        variable.write(new byte[] {0, 4, 'M', 'Q', 'T', 'T', 4, (byte) 0xC0, 0, 60});
        writeString(variable, client);
        writeString(variable, user);
        writeString(variable, password);
        writePacket(socket.getOutputStream(), 0x10, variable.toByteArray());
        DataInputStream in = new DataInputStream(socket.getInputStream());
        byte[] connAck = readPacket(in);
        if (connAck.length < 2 || connAck[1] != 0) {
            throw new IllegalStateException(deviceId + " was refused");
        }
        Thread acks = new Thread(() -> {
            try {
                while (readPacket(in) != null) {
                    pubAcks.incrementAndGet();
                }
            } catch (IOException closed) {
                // the bench closed the connection
            }
        }, "acks-" + deviceId);
        acks.setDaemon(true);
        acks.start();
        return socket;
    }

    private static void publish(SSLSocket socket, String deviceId, int packetId, byte[] body) throws IOException {
        byte[] topic = ("devices/" + deviceId + "/messages/events/bulwark-stream=security")
                .getBytes(StandardCharsets.UTF_8);
        java.io.ByteArrayOutputStream packet = new java.io.ByteArrayOutputStream();
        writeString(packet, topic);
        packet.write(packetId >> 8);
        packet.write(packetId & 0xff);
        packet.write(body);
        synchronized (socket) {
            writePacket(socket.getOutputStream(), 0x32, packet.toByteArray());
        }
    }

    private static void writeString(java.io.ByteArrayOutputStream out, byte[] value) {
        out.write(value.length >> 8);
        out.write(value.length & 0xff);
        out.writeBytes(value);
    }

    private static void writePacket(OutputStream out, int header, byte[] body) throws IOException {
        java.io.ByteArrayOutputStream packet = new java.io.ByteArrayOutputStream(body.length + 5);
        packet.write(header);
        int length = body.length;
        do {
            int digit = length % 128;
            length /= 128;
            packet.write(length > 0 ? digit | 0x80 : digit);
        } while (length > 0);
        packet.writeBytes(body);
        out.write(packet.toByteArray());
        out.flush();
    }

    private static byte[] readPacket(DataInputStream in) throws IOException {
        int first = in.read();
        if (first < 0) {
            return null;
        }
        int length = 0;
        int multiplier = 1;
        int digit;
        do {
            digit = in.readUnsignedByte();
            length += (digit & 0x7f) * multiplier;
            multiplier *= 128;
        } while ((digit & 0x80) != 0);
        byte[] body = new byte[length];
        in.readFully(body);
        return body;
    }
}
