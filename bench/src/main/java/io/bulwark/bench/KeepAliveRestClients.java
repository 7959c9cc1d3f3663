package io.bulwark.bench;

import io.bulwark.hub.mqtt.NettyTransport;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.ssl.SslContext;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import javax.net.ssl.SSLContext;

/**
 * The driver's timed REST calls (C2D sends, direct methods) over a fixed number of persistent HTTP/1.1 connections,
 * as a real back-end service makes them; calls beyond that wait in the driver, in order ({@link BoundedPool}).
 *
 * <p>Each connection is a {@link KeepAliveConnection}: Netty, BoringSSL TLS 1.3 with the hub's own certificate pinned
 * (as the devices' MQTT connections, {@link ClientTls}), all of them on one event loop thread. The driver shares two
 * cores with the hub, and the JDK HttpClient it replaced (one per connection) cost it about 0.6 ms of CPU per call in
 * JDK TLS, its selector thread and future chains. The caller times from before {@link #send}, so a call's wait in
 * the driver's queue is part of its latency. A connection the hub closed is opened again on its next call;
 * {@link #connectionsOpened} counts every open, each a full handshake on the hub's CPU.
 *
 * <p>{@code connections = 0} keeps the earliest driver for comparison: one JDK HttpClient, no bound, no queue (over
 * HTTP/1.1 it opens a connection per request in flight, which is why the bound exists).
 */
final class KeepAliveRestClients implements AutoCloseable {

    static final int MAX_CONNECTIONS = 1_024;
    static final Duration CALL_TIMEOUT = Duration.ofMinutes(5);

    private final InetSocketAddress hub;
    private final LongAdder opened = new LongAdder();
    private final EventLoopGroup loop;
    private final List<KeepAliveConnection> members = new ArrayList<>();
    private final BoundedPool<KeepAliveConnection> pool;
    private final CountingSslContext unboundedTls;
    private final HttpClient unbounded;

    /**
     * @param pinned      TLS for the keep-alive connections ({@link ClientTls#pinning})
     * @param unboundedTls TLS for {@code connections = 0}, the JDK client's
     */
    KeepAliveRestClients(InetSocketAddress hub, SslContext pinned, SSLContext unboundedTls, int connections) {
        if (connections < 0 || connections > MAX_CONNECTIONS) {
            throw new IllegalArgumentException("connections must be 0 to " + MAX_CONNECTIONS + ", not " + connections);
        }
        this.hub = hub;
        if (connections == 0) {
            this.loop = null;
            this.pool = null;
            this.unboundedTls = CountingSslContext.around(unboundedTls);
            this.unbounded = HttpClient.newBuilder().sslContext(this.unboundedTls).version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(10)).build();
            return;
        }
        this.unboundedTls = null;
        this.unbounded = null;
        NettyTransport transport = NettyTransport.best(true);
        this.loop = transport.newGroup(1, "bench-rest");
        Bootstrap bootstrap = new Bootstrap().group(loop).channel(transport.socketChannel())
                .option(ChannelOption.TCP_NODELAY, true).option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000);
        for (int i = 0; i < connections; i++) {
            members.add(new KeepAliveConnection(bootstrap, pinned, hub, CALL_TIMEOUT, opened));
        }
        this.pool = new BoundedPool<>(members);
    }

    /** Sends {@code call} on the next free connection (waiting for one if none is); the answer read in full. */
    CompletableFuture<RestAnswer> send(RestCall call) {
        if (unbounded != null) {
            return sendUnbounded(call);
        }
        return pool.acquire().thenCompose(connection -> connection.send(call)
                .whenComplete((answer, failure) -> pool.release(connection)));
    }

    private CompletableFuture<RestAnswer> sendUnbounded(RestCall call) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("https://" + hub.getHostString() + ":" + hub.getPort()
                        + call.path())).timeout(CALL_TIMEOUT)
                .header("Authorization", call.authorization()).header("Content-Type", call.contentType())
                .method(call.method(), HttpRequest.BodyPublishers.ofByteArray(call.body())).build();
        return unbounded.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                .thenApply(answer -> new RestAnswer(answer.statusCode(), answer.body()));
    }

    /** The bound on connections; 0 for none. */
    int connections() {
        return pool == null ? 0 : pool.size();
    }

    /** TLS connections opened (or attempted) so far, over the life of this client. */
    long connectionsOpened() {
        return unboundedTls != null ? unboundedTls.engines() : opened.sum();
    }

    /** How the calls queued for a connection; nothing for the unbounded client, which never queues. */
    BoundedPool.Queueing queueing() {
        return pool == null ? new BoundedPool.Queueing(0, 0) : pool.queueing();
    }

    @Override
    public void close() {
        if (loop != null) {
            members.forEach(KeepAliveConnection::close);
            loop.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }
}
