package io.bulwark.hub.stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.bulwark.hub.audit.AuditListener;
import io.bulwark.hub.audit.AuditLog;
import io.bulwark.hub.audit.AuditQuery;
import io.bulwark.hub.audit.AuditRecord;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies every audit record into the {@code audit} stream, so back ends consume it like telemetry. The hash-chained
 * audit table stays the source of truth: at start the feed appends what a crash kept from reaching the stream (the
 * records after the last one the stream holds), then follows the log live.
 */
public final class AuditStreamFeed implements AuditListener {

    /** Property holding the audit record's sequence number. */
    public static final String SEQUENCE_PROPERTY = "audit-sequence";
    public static final String ACTION_PROPERTY = "audit-action";
    public static final String OUTCOME_PROPERTY = "audit-outcome";
    /** Stands in the {@code sourceProtocol} of audit messages: the hub itself wrote them. */
    public static final String SOURCE = "hub";

    private static final Logger LOG = LoggerFactory.getLogger(AuditStreamFeed.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The first retry of a copy that failed; each further one waits twice as long, up to {@link #MAX_RETRY_DELAY}. */
    private static final long FIRST_RETRY_DELAY = TimeUnit.MILLISECONDS.toNanos(20);
    private static final long MAX_RETRY_DELAY = TimeUnit.SECONDS.toNanos(5);
    private static final long WARNING_INTERVAL = TimeUnit.MINUTES.toNanos(1);

    private final Streams streams;
    private final ScheduledExecutorService retries;
    private final AtomicLong lastWarning = new AtomicLong(System.nanoTime() - WARNING_INTERVAL);
    private final AtomicLong retried = new AtomicLong();

    private AuditStreamFeed(Streams streams, ScheduledExecutorService retries) {
        this.streams = streams;
        this.retries = retries;
    }

    /** Starts feeding {@code audit} into the audit stream of {@code streams}, catching up first. */
    public static AuditStreamFeed start(AuditLog audit, Streams streams) {
        return start(audit, streams, Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "bulwark-audit-feed-retries");
            thread.setDaemon(true);
            return thread;
        }));
    }

    /** As {@link #start(AuditLog, Streams)}, retrying copies that failed on {@code retries}. */
    public static AuditStreamFeed start(AuditLog audit, Streams streams, ScheduledExecutorService retries) {
        AuditStreamFeed feed = new AuditStreamFeed(streams, retries);
        long after = lastFedSequence(audit, streams);
        // Page by page, each stored before the next is read: a long history must not overflow the writer's queue.
        for (List<AuditRecord> page = audit.query(after(after)); !page.isEmpty(); page = audit.query(after(after))) {
            CompletableFuture.allOf(page.stream().map(feed::append).toArray(CompletableFuture[]::new)).join();
            after = page.get(page.size() - 1).sequence();
        }
        audit.follow(after, feed);
        return feed;
    }

    private static AuditQuery after(long sequence) {
        return new AuditQuery(null, null, null, null, null, null, sequence, AuditQuery.MAX_LIMIT);
    }

    @Override
    public void recorded(AuditRecord record) {
        // Not awaited: audit records are written on event loops and request threads. A lost copy is in the table.
        append(record);
    }

    /**
     * Completes once the record is in the stream. A copy that failed (most often the writer's queue was full during a
     * burst) is offered again, later and later, until it is in: the stream must hold every record, and dropping one
     * would leave a hole that the catch-up at start (which resumes after the last record the stream holds) never
     * fills. Only closed streams end the retries; the table still has the record.
     * Warnings are at most one a minute: a burst must not flood the log.
     */
    private CompletableFuture<Void> append(AuditRecord record) {
        CompletableFuture<Void> stored = new CompletableFuture<>();
        attempt(record, toMessage(record), FIRST_RETRY_DELAY, stored);
        return stored;
    }

    private void attempt(AuditRecord record, StreamMessage message, long retryDelay, CompletableFuture<Void> stored) {
        streams.append(StreamName.AUDIT, message).whenComplete((offset, failure) -> {
            if (failure == null) {
                stored.complete(null);
                return;
            }
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            if (cause instanceof StreamsClosedException) {
                // The hub is stopping; the record is in the audit log.
                stored.complete(null);
                return;
            }
            long count = retried.incrementAndGet();
            long now = System.nanoTime();
            long last = lastWarning.get();
            if (now - last >= WARNING_INTERVAL && lastWarning.compareAndSet(last, now)) {
                if (cause instanceof StreamOverloadedException) {
                    LOG.info("the stream writer is busy: audit records wait to be copied to the audit stream "
                            + "({} retries so far; none is dropped)", count);
                } else {
                    LOG.warn("audit record {} did not reach the audit stream yet ({}); retrying, none is dropped",
                            record.sequence(), cause.getClass().getSimpleName());
                }
            }
            try {
                retries.schedule(() -> attempt(record, message, Math.min(retryDelay * 2, MAX_RETRY_DELAY), stored),
                        retryDelay, TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException stopped) {
                stored.complete(null);
            }
        });
    }

    static StreamMessage toMessage(AuditRecord record) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("sequence", record.sequence());
        body.put("time", record.time().toString());
        body.put("actor", record.actor());
        body.put("action", record.action());
        body.put("target", record.target());
        body.put("outcome", record.outcome().wireName());
        body.put("source", record.source());
        body.put("detail", record.detail());
        body.put("hash", record.hash());
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("$.ct", "application/json");
        properties.put("$.ce", "utf-8");
        properties.put(SEQUENCE_PROPERTY, String.valueOf(record.sequence()));
        properties.put(ACTION_PROPERTY, record.action());
        properties.put(OUTCOME_PROPERTY, record.outcome().wireName());
        try {
            return new StreamMessage(deviceOf(record), null, record.time(), SOURCE, properties,
                    JSON.writeValueAsString(body).getBytes(StandardCharsets.UTF_8));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot encode an audit record", e);
        }
    }

    /**
     * The device a record is about, which partitions the audit stream: the target device, else the acting device,
     * else none (an empty id, which no device can have).
     */
    static String deviceOf(AuditRecord record) {
        String device = deviceIn(record.target());
        return device != null ? device : deviceIn(record.actor()) != null ? deviceIn(record.actor()) : "";
    }

    private static String deviceIn(String name) {
        for (String prefix : List.of("device:", "module:")) {
            if (name.startsWith(prefix) && name.length() > prefix.length()) {
                String id = name.substring(prefix.length());
                int slash = id.indexOf('/');
                return slash < 0 ? id : id.substring(0, slash);
            }
        }
        return null;
    }

    private static long lastFedSequence(AuditLog audit, Streams streams) {
        long lastOffset = streams.read(StreamQuery.from(StreamName.AUDIT, Long.MAX_VALUE, 1)).lastOffset();
        if (lastOffset == 0) {
            return 0;
        }
        List<StoredMessage> last = streams.read(StreamQuery.from(StreamName.AUDIT, lastOffset, 1)).messages();
        if (last.isEmpty() || !last.get(0).message().properties().containsKey(SEQUENCE_PROPERTY)) {
            // Retention emptied the stream: nothing tells what it held, so only new records go in (no duplicates).
            return audit.latest().map(AuditRecord::sequence).orElse(0L);
        }
        return Long.parseLong(last.get(0).message().properties().get(SEQUENCE_PROPERTY));
    }
}
