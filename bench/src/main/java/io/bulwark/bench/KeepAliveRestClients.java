package io.bulwark.bench;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.SSLContext;

/**
 * The driver's timed REST calls (C2D sends, direct methods) over a fixed number of persistent HTTP/1.1 connections,
 * as a real back-end service makes them; calls beyond that wait in the driver, in order.
 *
 * <p>Why not one JDK HttpClient: over HTTP/1.1 it opens a new connection for every request in flight and caps only
 * its idle ones, so when the broker's answers slowed its connections grew from ~50 to 256 within a phase, each a
 * full TLS handshake on the broker's CPU, which slowed the answers further. Here each connection is its own
 * HttpClient that never has more than one request at a time, so it keeps the one keep-alive connection it opened
 * (it opens another only if the broker closed that one: {@link #connectionsOpened} counts every one). The caller
 * times from before {@link #send}, so a call's wait in the driver's queue is part of its latency.
 *
 * <p>{@code connections = 0} keeps the earlier driver for comparison: one HttpClient, no bound, no queue.
 */
final class KeepAliveRestClients implements AutoCloseable {

    static final int MAX_CONNECTIONS = 1_024;

    private final CountingSslContext tls;
    private final ExecutorService answers;
    private final BoundedPool<HttpClient> pool;
    private final HttpClient unbounded;

    KeepAliveRestClients(SSLContext context, int connections) {
        if (connections < 0 || connections > MAX_CONNECTIONS) {
            throw new IllegalArgumentException("connections must be 0 to " + MAX_CONNECTIONS + ", not " + connections);
        }
        this.tls = CountingSslContext.around(context);
        // One executor for all: a client of its own per connection would keep a thread pool per connection.
        this.answers = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "bench-rest");
            thread.setDaemon(true);
            return thread;
        });
        List<HttpClient> clients = new ArrayList<>();
        for (int i = 0; i < Math.max(1, connections); i++) {
            clients.add(HttpClient.newBuilder().sslContext(tls).version(HttpClient.Version.HTTP_1_1)
                    .executor(answers).connectTimeout(Duration.ofSeconds(10)).build());
        }
        this.unbounded = connections == 0 ? clients.get(0) : null;
        this.pool = connections == 0 ? null : new BoundedPool<>(clients);
    }

    /** Sends {@code request} on the next free connection (waiting for one if none is); the body read in full. */
    CompletableFuture<HttpResponse<String>> send(HttpRequest request) {
        if (unbounded != null) {
            return unbounded.sendAsync(request, HttpResponse.BodyHandlers.ofString());
        }
        return pool.acquire().thenCompose(client -> {
            CompletableFuture<HttpResponse<String>> answer;
            try {
                answer = client.sendAsync(request, HttpResponse.BodyHandlers.ofString());
            } catch (RuntimeException refused) {
                // A request the client refuses at once must not keep its connection from the others.
                pool.release(client);
                throw refused;
            }
            return answer.whenComplete((done, failure) -> pool.release(client));
        });
    }

    /** The bound on connections; 0 for none. */
    int connections() {
        return pool == null ? 0 : pool.size();
    }

    /** TLS connections opened so far, over the life of this client. */
    long connectionsOpened() {
        return tls.engines();
    }

    /** How the calls queued for a connection; nothing for the unbounded client, which never queues. */
    BoundedPool.Queueing queueing() {
        return pool == null ? new BoundedPool.Queueing(0, 0) : pool.queueing();
    }

    @Override
    public void close() {
        answers.shutdownNow();
    }
}
