package io.bulwark.bench.memory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bulwark.hub.DataFolder;
import io.bulwark.hub.HubRuntimeInfo;
import io.bulwark.hub.mqtt.NettyTransport;
import io.bulwark.hub.tls.PemFiles;
import io.bulwark.hub.tls.TrustedHubCa;
import io.bulwark.protocol.connection.ServiceConnectionString;
import io.bulwark.protocol.sas.SasToken;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.ssl.SslProvider;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How much hub memory an idle MQTT/TLS connection holds: measures the running hub (live heap from a class histogram,
 * which forces a full GC, and RSS), opens {@code count} SAS connections that then stay idle, measures again, and
 * prints the growth per connection with the classes that grew most. Loopback only; sources spread over
 * 127.0.9.x so that the per-source connect limit (50/s, bursts of 500) is never reached. Bounded: 20 s per connect,
 * 5 minutes in all.
 *
 * <p>Usage: {@code IdleConnections DATA_DIR [count=5000] [inFlight=64]}.
 */
public final class IdleConnections {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int PER_SOURCE = 200;

    public static void main(String[] args) throws Exception {
        DataFolder folder = new DataFolder(Path.of(args[0]));
        int count = args.length > 1 ? Integer.parseInt(args[1]) : 5000;
        int inFlight = args.length > 2 ? Integer.parseInt(args[2]) : 64;
        if (count < 1 || count > 250 * PER_SOURCE) {
            throw new IllegalArgumentException("count must be 1 to " + 250 * PER_SOURCE);
        }
        HubRuntimeInfo info = HubRuntimeInfo.readFrom(folder.runtimeInfo())
                .orElseThrow(() -> new IllegalStateException("no running hub in " + folder.root()));
        List<String> passwords = registerDevices(folder, info, count);
        X509Certificate[] hubCa = PemFiles.readCertificates(folder.caCertificate()).toArray(new X509Certificate[0]);
        SslProvider provider = OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK;
        SslContext tls = SslContextBuilder.forClient().sslProvider(provider).trustManager(hubCa)
                .protocols("TLSv1.3").build();

        HubMemory before = HubMemory.of(info.pid());
        System.out.printf("hub before: %s%n", before);
        NettyTransport transport = NettyTransport.best(true);
        EventLoopGroup loops = transport.newGroup(2, "bench-idle");
        OpenConnections open = new OpenConnections();
        try {
            long start = System.nanoTime();
            int accepted = connectAll(info, passwords, tls, loops, transport, inFlight, open);
            System.out.printf("%d of %d connections accepted in %.1f s, now idle%n", accepted, count,
                    (System.nanoTime() - start) / 1e9);
            // Let the hub's loops settle (handshake buffers returned, CONNACKs flushed) before measuring.
            Thread.sleep(3_000);
            HubMemory after = HubMemory.of(info.pid());
            System.out.printf("hub with %d idle connections: %s%n", accepted, after);
            System.out.printf("RESULT connections=%d heap_bytes_per_connection=%.0f rss_bytes_per_connection=%.0f "
                            + "(RSS %.1f KiB, live heap %.1f KiB per connection)%n", accepted,
                    (after.liveHeapBytes() - before.liveHeapBytes()) / (double) accepted,
                    (after.rssBytes() - before.rssBytes()) / (double) accepted,
                    (after.rssBytes() - before.rssBytes()) / 1024.0 / accepted,
                    (after.liveHeapBytes() - before.liveHeapBytes()) / 1024.0 / accepted);
            System.out.println("classes that grew most (bytes per connection, instances per connection):");
            for (HubMemory.Growth growth : after.growthSince(before, 20)) {
                System.out.printf("  %8.0f B  %6.2f  %s%n", growth.bytes() / (double) accepted,
                        growth.instances() / (double) accepted, growth.className());
            }
        } finally {
            open.closeAll();
            loops.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    /** The open connections, closed together at the end. */
    private static final class OpenConnections extends ConcurrentLinkedQueue<Channel> {
        void closeAll() throws InterruptedException {
            Channel channel;
            while ((channel = poll()) != null) {
                channel.close().await(5, TimeUnit.SECONDS);
            }
        }
    }

    private static int connectAll(HubRuntimeInfo info, List<String> passwords, SslContext tls, EventLoopGroup loops,
                                  NettyTransport transport, int inFlight, OpenConnections open) throws InterruptedException {
        Bootstrap bootstrap = new Bootstrap().group(loops).channel(transport.socketChannel())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000);
        InetSocketAddress hub = new InetSocketAddress("127.0.0.1", info.mqttPort());
        Semaphore slots = new Semaphore(inFlight);
        CountDownLatch done = new CountDownLatch(passwords.size());
        AtomicInteger accepted = new AtomicInteger();
        int sources = Math.max(1, (passwords.size() + PER_SOURCE - 1) / PER_SOURCE);
        for (int i = 0; i < passwords.size(); i++) {
            if (!slots.tryAcquire(20, TimeUnit.SECONDS)) {
                throw new IllegalStateException("connects stalled");
            }
            String id = deviceId(i);
            String userName = info.hostName() + "/" + id + "/?api-version=2021-04-12";
            Connack connack = new Connack(id, userName, passwords.get(i), () -> {
                slots.release();
                done.countDown();
            }, accepted);
            Channel channel = bootstrap.clone().handler(new ChannelInitializer<SocketChannel>() {
                @Override
                protected void initChannel(SocketChannel ch) {
                    ch.pipeline().addLast(tls.newHandler(ch.alloc())).addLast(new MqttDecoder(64 * 1024))
                            .addLast(MqttEncoder.INSTANCE).addLast(connack);
                }
            }).connect(hub, new InetSocketAddress("127.0.9." + (2 + i % sources), 0)).channel();
            open.add(channel);
        }
        if (!done.await(5, TimeUnit.MINUTES)) {
            throw new IllegalStateException("connects not done in 5 minutes");
        }
        return accepted.get();
    }

    /** Sends CONNECT once TLS is up; counts the accepting CONNACK. The connection then stays idle. */
    private static final class Connack extends SimpleChannelInboundHandler<MqttMessage> {
        private final String clientId;
        private final String userName;
        private final String password;
        private final Runnable finished;
        private final AtomicInteger accepted;
        private boolean reported;

        Connack(String clientId, String userName, String password, Runnable finished, AtomicInteger accepted) {
            this.clientId = clientId;
            this.userName = userName;
            this.password = password;
            this.finished = finished;
            this.accepted = accepted;
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
            if (event instanceof SslHandshakeCompletionEvent handshake) {
                if (!handshake.isSuccess()) {
                    finish();
                    ctx.close();
                    return;
                }
                ctx.writeAndFlush(MqttMessageBuilders.connect().protocolVersion(MqttVersion.MQTT_3_1_1)
                        .clientId(clientId).cleanSession(false).keepAlive(1200).hasUser(true).username(userName)
                        .hasPassword(true).password(password.getBytes(StandardCharsets.UTF_8)).build());
            }
            ctx.fireUserEventTriggered(event);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, MqttMessage message) {
            if (message instanceof MqttConnAckMessage connack) {
                if (connack.variableHeader().connectReturnCode() == MqttConnectReturnCode.CONNECTION_ACCEPTED) {
                    accepted.incrementAndGet();
                }
                finish();
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            finish();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }

        private void finish() {
            if (!reported) {
                reported = true;
                finished.run();
            }
        }
    }

    private static String deviceId(int i) {
        return String.format("idle-%05d", i);
    }

    /** One bulk import of SAS devices; their generated keys read back from the export; tokens signed up front. */
    private static List<String> registerDevices(DataFolder folder, HubRuntimeInfo info, int count) throws Exception {
        HttpClient http = HttpClient.newBuilder().sslContext(TrustedHubCa.clientContext(folder.caCertificate()))
                .connectTimeout(Duration.ofSeconds(10)).build();
        ServiceConnectionString owner = ServiceConnectionString.parse(
                Files.readString(folder.policyConnectionString("iothubowner")).trim());
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < count; i++) {
            lines.append("{\"deviceId\":\"").append(deviceId(i)).append("\",\"importMode\":\"createOrUpdate\"}\n");
        }
        send(http, owner, info, "POST", "/import", lines.toString());
        java.util.Map<String, byte[]> keys = new java.util.HashMap<>();
        for (String line : send(http, owner, info, "GET", "/export", null).split("\n")) {
            if (!line.isBlank()) {
                JsonNode device = JSON.readTree(line);
                if (device.path("deviceId").asText().startsWith("idle-") && device.path("moduleId").isNull()) {
                    keys.put(device.path("deviceId").asText(), Base64.getDecoder().decode(
                            device.at("/authentication/symmetricKey/primaryKey").asText()));
                }
            }
        }
        List<String> passwords = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            passwords.add(SasToken.create(info.hostName() + "/devices/" + deviceId(i), keys.get(deviceId(i)),
                    Instant.now().plus(Duration.ofHours(2)), null).format());
        }
        return passwords;
    }

    private static String send(HttpClient http, ServiceConnectionString owner, HubRuntimeInfo info, String method,
                               String path, String body) throws Exception {
        String token = SasToken.create(owner.hostName(), owner.keyBytes(), Instant.now().plusSeconds(3600),
                owner.sharedAccessKeyName()).format();
        HttpRequest request = HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + info.httpsPort() + path))
                .header("Authorization", token).timeout(Duration.ofMinutes(5))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .build();
        HttpResponse<String> answer = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() / 100 != 2) {
            throw new IllegalStateException(method + " " + path + " answered " + answer.statusCode());
        }
        return answer.body();
    }
}
