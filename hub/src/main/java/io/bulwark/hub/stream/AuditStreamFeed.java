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

    private final Streams streams;

    private AuditStreamFeed(Streams streams) {
        this.streams = streams;
    }

    /** Starts feeding {@code audit} into the audit stream of {@code streams}, catching up first. */
    public static AuditStreamFeed start(AuditLog audit, Streams streams) {
        AuditStreamFeed feed = new AuditStreamFeed(streams);
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

    private CompletableFuture<Void> append(AuditRecord record) {
        return streams.append(StreamName.AUDIT, toMessage(record)).handle((offset, failure) -> {
            if (failure != null) {
                LOG.warn("audit record {} did not reach the audit stream: {}", record.sequence(),
                        failure.getClass().getSimpleName());
            }
            return null;
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
