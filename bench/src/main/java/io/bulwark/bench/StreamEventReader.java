package io.bulwark.bench;

import java.io.IOException;
import java.io.InputStream;

/**
 * Bulwark's back end: reads the telemetry stream as Server-Sent Events from the offset after the newest one
 * ({@code GET /streams/telemetry/events?from=N&limit=1000}, the hub's push read, see docs/streams.md), on a thread of
 * its own, counting message events ({@link EventStreamCounter}) and nothing else.
 */
final class StreamEventReader implements TelemetryConsumer {

    private final InputStream body;
    private final Thread reader;
    private volatile long received;
    private volatile String failure;
    private volatile boolean closing;

    private StreamEventReader(InputStream body) {
        this.body = body;
        this.reader = new Thread(this::read, "bench-stream-reader");
        this.reader.setDaemon(true);
    }

    /** Starts reading after {@code lastOffset}: only what is written from now on is counted. */
    static StreamEventReader open(HubAccess hub, long lastOffset) throws IOException, InterruptedException {
        StreamEventReader consumer = new StreamEventReader(
                hub.openEventStream("/streams/telemetry/events?from=" + (lastOffset + 1) + "&limit=1000"));
        consumer.reader.start();
        return consumer;
    }

    private void read() {
        EventStreamCounter counter = new EventStreamCounter();
        byte[] buffer = new byte[256 * 1024];
        try {
            for (int n = body.read(buffer); n >= 0; n = body.read(buffer)) {
                counter.feed(buffer, 0, n);
                received = counter.events();
            }
            if (!closing) {
                failure = "the hub ended the event stream";
            }
        } catch (IOException e) {
            if (!closing) {
                failure = "event stream: " + e;
            }
        }
    }

    @Override
    public long received() {
        return received;
    }

    @Override
    public String failure() {
        return failure;
    }

    @Override
    public void close() throws Exception {
        closing = true;
        body.close();
        reader.join(5_000);
    }
}
