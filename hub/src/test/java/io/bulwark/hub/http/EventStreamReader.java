package io.bulwark.hub.http;

import static org.awaitility.Awaitility.await;

import io.bulwark.hub.ServiceClient;
import io.bulwark.hub.tls.TrustedHubCa;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * A Server-Sent-Events reader as a back end would write one with the JDK's HTTP client: the body read as lines, as
 * they arrive, on a thread of its own.
 */
final class EventStreamReader implements AutoCloseable {

    final HttpResponse<Stream<String>> response;
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Thread reader;

    private EventStreamReader(HttpResponse<Stream<String>> response) {
        this.response = response;
        this.reader = new Thread(() -> {
            try {
                response.body().forEach(lines::add);
            } catch (RuntimeException closed) {
                // the test closed the stream, or the hub ended it
            }
        }, "test-event-stream-reader");
        reader.setDaemon(true);
        reader.start();
    }

    static EventStreamReader open(Path ca, ServiceClient client, String path, String... headers) {
        HttpClient http = HttpClient.newBuilder().sslContext(TrustedHubCa.clientContext(ca))
                .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
        try {
            return new EventStreamReader(http.send(client.request(path, headers).timeout(Duration.ofMinutes(5))
                    .GET().build(), HttpResponse.BodyHandlers.ofLines()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    int status() {
        return response.statusCode();
    }

    /** Every line so far. */
    List<String> lines() {
        return new ArrayList<>(lines);
    }

    /** Waits (generously) until a line matches, and returns the lines up to and including it. */
    List<String> awaitLine(Predicate<String> wanted) {
        await().atMost(Duration.ofSeconds(30)).until(() -> lines.stream().anyMatch(wanted));
        List<String> upTo = new ArrayList<>();
        for (String line : lines) {
            upTo.add(line);
            if (wanted.test(line)) {
                break;
            }
        }
        return upTo;
    }

    /** The events so far: their id, event and data lines, one string per event. */
    List<String> events() {
        List<String> events = new ArrayList<>();
        StringBuilder event = new StringBuilder();
        for (String line : lines) {
            if (line.isEmpty()) {
                if (event.length() > 0) {
                    events.add(event.toString());
                }
                event.setLength(0);
            } else if (!line.startsWith(":")) {
                event.append(line).append('\n');
            }
        }
        return events;
    }

    @Override
    public void close() {
        response.body().close();
    }
}
