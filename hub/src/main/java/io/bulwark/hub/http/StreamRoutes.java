package io.bulwark.hub.http;

import static io.bulwark.hub.auth.Permission.AUDIT_READ;
import static io.bulwark.hub.auth.Permission.SERVICE_CONNECT;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.bulwark.hub.HubException;
import io.bulwark.hub.auth.Permission;
import io.bulwark.hub.stream.ConsumerGroups;
import io.bulwark.hub.stream.StreamLimits;
import io.bulwark.hub.stream.StreamName;
import io.bulwark.hub.stream.StreamQuery;
import io.bulwark.hub.stream.Streams;
import io.bulwark.protocol.identity.IdentityRules;
import io.javalin.http.Context;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.javalin.http.HandlerType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The streams over HTTPS: {@code GET /streams/{name}/messages?from=&limit=&deviceId=&wait=} reads by offset (a
 * long-poll with {@code wait}), {@code GET /streams/{name}/events} streams Server-Sent Events, and the consumer
 * group routes keep a cursor on the hub. Each stream has its own routes so each carries its permission in the route
 * table: telemetry and security need ServiceConnect, audit needs AuditRead, alerts AlertRead (S-ACL-3).
 */
final class StreamRoutes implements AutoCloseable {

    private static final int DEFAULT_LIMIT = 100;
    private static final int MAX_LIMIT = 1000;

    private final StreamLimits limits;
    private final ThreadPoolExecutor readers;
    private final ScheduledExecutorService ticks;
    private final StreamReads reads;
    private final EventStreams events;
    private final ConsumerGroupRoutes consumers;

    StreamRoutes(Streams streams, ConsumerGroups groups, ObjectMapper mapper, RequestBodies bodies,
                 StreamLimits limits, MeterRegistry metrics) {
        this.limits = limits;
        // One task at a time per waiting reader, so this many threads always suffice; idle ones go away.
        this.readers = new ThreadPoolExecutor(0, limits.maxLongPolls() + limits.maxEventStreams(), 30,
                TimeUnit.SECONDS, new SynchronousQueue<>(), daemon("bulwark-stream-readers"));
        this.ticks = Executors.newSingleThreadScheduledExecutor(daemon("bulwark-event-stream-ticks"));
        StreamJson json = new StreamJson(mapper);
        this.reads = new StreamReads(streams, json, readers, limits.maxLongPolls());
        this.events = new EventStreams(streams, json, readers, ticks, limits);
        Gauge.builder("bulwark_stream_long_polls", reads, StreamReads::waiting)
                .description("long-poll stream reads waiting for a message").register(metrics);
        Gauge.builder("bulwark_stream_event_streams", events, EventStreams::connected)
                .description("Server-Sent-Events stream readers connected").register(metrics);
        this.consumers = new ConsumerGroupRoutes(groups, json, bodies, this);
    }

    List<Route> routes() {
        List<Route> routes = new ArrayList<>();
        for (StreamName stream : StreamName.values()) {
            String base = "/streams/" + stream.wireName();
            Permission permission = permissionOf(stream);
            routes.add(Route.of(HandlerType.GET, base + "/messages", permission, "stream.read",
                    ctx -> read(ctx, stream)));
            routes.add(Route.of(HandlerType.GET, base + "/events", permission, "stream.read",
                    ctx -> events.open(ctx, query(ctx, stream, EventStreams.resumeOffset(ctx, from(ctx))))));
            routes.addAll(consumers.routes(stream, base, permission));
        }
        return routes;
    }

    /**
     * The audit stream tells what everyone did to the hub: it is for auditors, not for every back end. The alerts
     * stream is read by whoever may read alerts over {@code GET /alerts}.
     */
    static Permission permissionOf(StreamName stream) {
        return switch (stream) {
            case AUDIT -> AUDIT_READ;
            case ALERTS -> Permission.ALERT_READ;
            case TELEMETRY, SECURITY -> SERVICE_CONNECT;
        };
    }

    private void read(Context ctx, StreamName stream) throws java.io.IOException {
        if (EventStreams.wanted(ctx)) {
            events.open(ctx, query(ctx, stream, EventStreams.resumeOffset(ctx, from(ctx))));
        } else {
            answer(ctx, query(ctx, stream, from(ctx)));
        }
    }

    /** Answers a page from {@code query}, waiting for it when the request says {@code wait}. */
    void answer(Context ctx, StreamQuery query) {
        reads.answer(ctx, query, waitOf(ctx));
    }

    StreamQuery query(Context ctx, StreamName stream, long from) {
        String deviceId = ctx.queryParam("deviceId");
        if (deviceId != null && !IdentityRules.isValidId(deviceId)) {
            throw new HubException.Invalid("invalid-query", "deviceId is not a valid device id");
        }
        int limit = ContinuationTokens.pageSize(ctx.queryParam("limit"), DEFAULT_LIMIT, MAX_LIMIT);
        return new StreamQuery(stream, deviceId, from, limit);
    }

    private static long from(Context ctx) {
        String value = ctx.queryParam("from");
        if (value == null || value.isBlank()) {
            return 1;
        }
        try {
            long offset = Long.parseLong(value);
            if (offset >= 1 && offset < Long.MAX_VALUE) {
                return offset;
            }
        } catch (NumberFormatException ignored) {
            // answered below
        }
        throw new HubException.Invalid("invalid-query", "from must be an offset of 1 or more");
    }

    private Duration waitOf(Context ctx) {
        String value = ctx.queryParam("wait");
        long max = limits.maxLongPollWait().toSeconds();
        if (value == null || value.isBlank()) {
            return Duration.ZERO;
        }
        try {
            long seconds = Long.parseLong(value);
            if (seconds >= 0 && seconds <= max) {
                return Duration.ofSeconds(seconds);
            }
        } catch (NumberFormatException ignored) {
            // answered below
        }
        throw new HubException.Invalid("invalid-query", "wait must be a number of seconds from 0 to " + max);
    }

    /** Ends open event streams and the reader threads, before the HTTP server stops. */
    @Override
    public void close() {
        events.close();
        reads.answerAllNow();
        ticks.shutdownNow();
        // Graceful: the answers just handed to the readers are written before the server stops.
        readers.shutdown();
        try {
            readers.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        readers.shutdownNow();
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
