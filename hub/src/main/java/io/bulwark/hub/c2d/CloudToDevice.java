package io.bulwark.hub.c2d;

import io.bulwark.hub.HubException;
import io.bulwark.hub.audit.Actor;
import io.bulwark.hub.audit.AuditLog;
import io.bulwark.hub.audit.AuditOutcome;
import io.bulwark.hub.registry.DeviceRegistry;
import io.bulwark.hub.registry.IdentityId;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Cloud-to-device messages with Azure's semantics (PROTOCOL.md): a durable queue per identity with a depth limit,
 * time to live, a maximum delivery count, and feedback records for senders that ask. A message is done when the
 * device acknowledges it; one delivered but not acknowledged is delivered again after the device reconnects.
 */
public final class CloudToDevice {

    public static final int MAX_BODY_BYTES = 64 * 1024;
    public static final Duration MIN_TTL = Duration.ofMinutes(1);
    public static final Duration MAX_TTL = Duration.ofDays(2);

    private final C2dRepository queue;
    private final DeviceRegistry registry;
    private final AuditLog audit;
    private final Clock clock;
    private final C2dLimits limits;
    private final SecureRandom random = new SecureRandom();
    private volatile C2dNotifier notifier = message -> { };

    /**
     * @param maxDepth         messages an identity may have waiting (Azure: 50)
     * @param defaultTtl       time to live of a message whose sender gave none (Azure: 1 hour)
     * @param maxDeliveryCount deliveries without acknowledgement before a message is dropped (Azure: 10)
     */
    public record C2dLimits(int maxDepth, Duration defaultTtl, int maxDeliveryCount) {
        public static final C2dLimits AZURE = new C2dLimits(50, Duration.ofHours(1), 10);
    }

    public CloudToDevice(C2dRepository queue, DeviceRegistry registry, AuditLog audit, Clock clock, C2dLimits limits) {
        this.queue = queue;
        this.registry = registry;
        this.audit = audit;
        this.clock = clock;
        this.limits = limits;
    }

    public void notifyThrough(C2dNotifier transport) {
        this.notifier = transport;
    }

    /** Queues a message; returns it with its id. Refused when the device's queue is full (S-DOS-3). */
    public C2dMessage send(Actor actor, IdentityId to, byte[] body, Map<String, String> properties, String messageId,
                           Duration ttl, FeedbackMode feedback) {
        registry.requireExists(to);
        if (body.length > MAX_BODY_BYTES) {
            throw new HubException.LimitExceeded("message-too-large", "messages are limited to 64 KiB");
        }
        Duration lifetime = ttl == null ? limits.defaultTtl() : ttl;
        if (lifetime.compareTo(MIN_TTL) < 0 || lifetime.compareTo(MAX_TTL) > 0) {
            throw new HubException.Invalid("invalid-ttl", "time to live is 1 minute to 2 days");
        }
        String id = messageId == null || messageId.isBlank() ? newMessageId() : messageId;
        if (id.length() > 128) {
            throw new HubException.Invalid("invalid-message-id", "message ids are at most 128 characters");
        }
        Instant now = now();
        C2dMessage message = new C2dMessage(0, id, to, now, now.plus(lifetime), 0, feedback, properties, body);
        // Handed to a connected device as soon as it is durable, while the audit record is being written.
        C2dMessage queued = queue.enqueue(message, limits.maxDepth(), stored -> notifier.messageQueued(stored))
                .orElse(null);
        if (queued == null) {
            audit.record(actor, "c2d.send", target(to), AuditOutcome.FAILURE, "queue full");
            throw new HubException.LimitExceeded("queue-full",
                    to + " already has " + limits.maxDepth() + " messages waiting");
        }
        audit.record(actor, "c2d.send", target(to), AuditOutcome.SUCCESS, "message " + id);
        return queued;
    }

    /**
     * The next messages to hand to the identity's connection, oldest first, leaving out those already in flight on
     * it. Expired messages and those delivered too often are dropped here, with feedback.
     */
    public List<C2dMessage> nextForDelivery(IdentityId to, Collection<String> inFlight, int limit) {
        List<C2dMessage> deliverable = new ArrayList<>();
        Instant now = now();
        for (C2dMessage message : queue.oldest(to, inFlight, limit + inFlight.size())) {
            if (message.isExpiredAt(now)) {
                drop(message, FeedbackStatus.EXPIRED);
            } else if (message.deliveryCount() >= limits.maxDeliveryCount()) {
                drop(message, FeedbackStatus.DELIVERY_COUNT_EXCEEDED);
            } else if (deliverable.size() < limit) {
                deliverable.add(message);
            }
        }
        return deliverable;
    }

    public void delivered(IdentityId to, String messageId) {
        queue.markDelivered(to, messageId);
    }

    /** Counts a delivery of each of the messages handed to a connection together (one write for all). */
    public void delivered(IdentityId to, Collection<String> messageIds) {
        queue.markDelivered(to, messageIds);
    }

    /** The device acknowledged the message: it is done. */
    public void complete(IdentityId to, String messageId) {
        queue.remove(to, messageId).ifPresent(message -> feedback(message, FeedbackStatus.SUCCESS));
    }

    /** The device refused the message (HTTPS device API): it is done, with Rejected feedback. */
    public void reject(IdentityId to, String messageId) {
        queue.remove(to, messageId).ifPresent(message -> feedback(message, FeedbackStatus.REJECTED));
    }

    public int purge(Actor actor, IdentityId to) {
        registry.get(to);
        List<C2dMessage> purged = queue.removeAll(to);
        purged.forEach(message -> feedback(message, FeedbackStatus.PURGED));
        audit.record(actor, "c2d.purge", target(to), AuditOutcome.SUCCESS, purged.size() + " messages");
        return purged.size();
    }

    /**
     * Drops expired messages of every identity, with Expired feedback, so a sender hears of messages whose device
     * never came back. Runs periodically; returns how many it dropped.
     */
    public int expireOld() {
        int dropped = 0;
        List<C2dMessage> batch;
        do {
            batch = queue.removeExpired(now(), 1000);
            batch.forEach(message -> feedback(message, FeedbackStatus.EXPIRED));
            dropped += batch.size();
        } while (batch.size() == 1000);
        return dropped;
    }

    public int depth(IdentityId to) {
        return queue.depth(to);
    }

    public List<FeedbackRecord> feedback(long afterSequence, int limit) {
        return queue.feedback(afterSequence, limit);
    }

    private void drop(C2dMessage message, FeedbackStatus status) {
        if (queue.remove(message.to(), message.messageId()).isPresent()) {
            feedback(message, status);
        }
    }

    private void feedback(C2dMessage message, FeedbackStatus status) {
        if (message.feedback().wants(status)) {
            queue.appendFeedback(new FeedbackRecord(0, message.messageId(), message.to().deviceId(), status, now()));
        }
    }

    private String newMessageId() {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private static String target(IdentityId to) {
        return (to.isModule() ? "module:" : "device:") + to;
    }
}
