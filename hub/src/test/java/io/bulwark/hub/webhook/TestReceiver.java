package io.bulwark.hub.webhook;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import io.bulwark.hub.tls.TlsPolicy;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntUnaryOperator;
import javax.net.ssl.SSLContext;

/**
 * A webhook receiver on 127.0.0.1 (the JDK's HttpsServer): answers each request with the status a test chooses by
 * request number, and keeps the requests it accepted (2xx) with their headers and bodies, in arrival order.
 */
public final class TestReceiver implements AutoCloseable {

    /** One request as the receiver saw it; header names lower-cased. */
    public record Received(Map<String, String> headers, byte[] body) {
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private final HttpsServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final List<Received> accepted = new ArrayList<>();
    private final List<Received> all = new ArrayList<>();
    private final AtomicInteger requests = new AtomicInteger();
    private volatile IntUnaryOperator statusFor = n -> 200;
    private volatile java.time.Duration delay = java.time.Duration.ZERO;

    private TestReceiver(SSLContext tls) throws IOException {
        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.setHttpsConfigurator(new HttpsConfigurator(tls) {
            @Override
            public void configure(HttpsParameters parameters) {
                parameters.setSSLParameters(TlsPolicy.apply(tls.getDefaultSSLParameters()));
            }
        });
        server.createContext("/", this::handle);
        server.setExecutor(threads);
        server.start();
    }

    public static TestReceiver start(SSLContext tls) {
        try {
            return new TestReceiver(tls);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public URI url(String path) {
        return URI.create("https://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    /** From now on, request number n (counted from 1 since the start) is answered {@code statusFor(n)}. */
    public void answer(IntUnaryOperator statusFor) {
        this.statusFor = statusFor;
    }

    /** Every answer from now on comes this late (a slow receiver). */
    public void delay(java.time.Duration value) {
        this.delay = value;
    }

    /** Requests that reached the handler, whatever they were answered. */
    public int requests() {
        return requests.get();
    }

    public synchronized List<Received> accepted() {
        return List.copyOf(accepted);
    }

    public synchronized List<Received> all() {
        return List.copyOf(all);
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        Map<String, String> headers = new TreeMap<>();
        exchange.getRequestHeaders().forEach((name, values) ->
                headers.put(name.toLowerCase(Locale.ROOT), values.get(0)));
        Received received = new Received(headers, body);
        int status = statusFor.applyAsInt(requests.incrementAndGet());
        synchronized (this) {
            all.add(received);
            if (status >= 200 && status < 300) {
                accepted.add(received);
            }
        }
        if (status >= 300 && status < 400) {
            exchange.getResponseHeaders().set("Location", url("/elsewhere").toString());
        }
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        exchange.sendResponseHeaders(status, -1);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
