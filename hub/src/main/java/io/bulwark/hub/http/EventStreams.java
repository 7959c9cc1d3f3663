package io.bulwark.hub.http;

import io.bulwark.hub.HubException;
import io.bulwark.hub.stream.StreamLimits;
import io.bulwark.hub.stream.StreamPage;
import io.bulwark.hub.stream.StreamQuery;
import io.bulwark.hub.stream.Streams;
import io.javalin.http.Context;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.server.HttpChannel;
import org.eclipse.jetty.server.Request;

/**
 * Server-Sent Events: a reader keeps one response open and gets each message as an event whose {@code id} is its
 * offset, so a reconnecting {@code EventSource} resumes with {@code Last-Event-ID}. A connected reader holds no
 * thread while it waits; readers are bounded hub-wide, and an idle stream gets a comment line now and then.
 */
final class EventStreams implements AutoCloseable {

    static final String CONTENT_TYPE = "text/event-stream";

    private final Streams streams;
    private final StreamJson json;
    private final Executor senders;
    private final ScheduledExecutorService ticks;
    private final StreamLimits limits;
    private final Semaphore slots;
    private final Set<EventStreamClient> clients = ConcurrentHashMap.newKeySet();

    EventStreams(Streams streams, StreamJson json, Executor senders, ScheduledExecutorService ticks,
                 StreamLimits limits) {
        this.streams = streams;
        this.json = json;
        this.senders = senders;
        this.ticks = ticks;
        this.limits = limits;
        this.slots = new Semaphore(limits.maxEventStreams());
    }

    static boolean wanted(Context ctx) {
        String accept = ctx.header("Accept");
        return accept != null && accept.contains(CONTENT_TYPE);
    }

    /** {@code Last-Event-ID} (sent by a reconnecting reader) wins over {@code from}: it is the last one it got. */
    static long resumeOffset(Context ctx, long from) {
        String lastEventId = ctx.header("Last-Event-ID");
        if (lastEventId == null || lastEventId.isBlank()) {
            return from;
        }
        try {
            long last = Long.parseLong(lastEventId.trim());
            if (last >= 0 && last < Long.MAX_VALUE) {
                return last + 1;
            }
        } catch (NumberFormatException ignored) {
            // answered below
        }
        throw new HubException.Invalid("invalid-last-event-id", "Last-Event-ID must be an offset this hub sent");
    }

    void open(Context ctx, StreamQuery query) throws IOException {
        if (!slots.tryAcquire()) {
            ctx.header("Retry-After", "5");
            throw new HubException.LimitExceeded("event-stream-limit", limits.maxEventStreams()
                    + " event streams are open already; retry later, or read with long-poll");
        }
        EventStreamClient client;
        HttpChannel channel = Request.getBaseRequest(ctx.req()).getHttpChannel();
        long idleTimeout = channel.getIdleTimeout();
        try {
            StreamPage range = streams.read(query.startingAt(Long.MAX_VALUE - 1));
            StreamJson.rangeHeaders(ctx, range);
            ctx.status(200).contentType(CONTENT_TYPE + "; charset=utf-8");
            ctx.header("X-Accel-Buffering", "no");
            // Keep-alive comments must come before the connection's idle timeout would close a quiet stream.
            channel.setIdleTimeout(Math.max(idleTimeout, 3 * limits.eventStreamKeepAlive().toMillis()));
            // Written straight to the servlet stream: Javalin's compressing wrapper would hold events back.
            client = new EventStreamClient(query, ctx.res().getOutputStream(), streams, json, senders,
                    this::closed);
            ctx.res().flushBuffer();
        } catch (IOException | RuntimeException e) {
            slots.release();
            throw e;
        }
        clients.add(client);
        // Started once the request is suspended, so nothing writes to the response while Javalin still handles it.
        ctx.future(() -> {
            long keepAlive = limits.eventStreamKeepAlive().toMillis();
            client.keepAlive(ticks.scheduleWithFixedDelay(client::tick, keepAlive, keepAlive, TimeUnit.MILLISECONDS));
            client.start();
            return client.closedFuture().whenComplete((ignored, failure) -> channel.setIdleTimeout(idleTimeout));
        });
    }

    private void closed(EventStreamClient client) {
        if (clients.remove(client)) {
            slots.release();
        }
    }

    /** Readers connected now. */
    int connected() {
        return clients.size();
    }

    /** Ends every open stream, so the HTTP server can stop. */
    @Override
    public void close() {
        for (EventStreamClient client : Set.copyOf(clients)) {
            client.close();
        }
    }

    static byte[] event(long id, String event, String data) {
        return ("id: " + id + "\nevent: " + event + "\ndata: " + data + "\n\n").getBytes(StandardCharsets.UTF_8);
    }
}
