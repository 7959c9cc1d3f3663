package io.bulwark.hub.c2d;

import io.bulwark.hub.registry.IdentityId;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/** Storage port of the per-identity cloud-to-device queues and their feedback. Writes are durable on return. */
public interface C2dRepository {

    /**
     * Queues the message unless the identity already has {@code maxDepth} waiting. Returns it with its queue
     * sequence, or empty when the queue is full. Before returning, calls {@code durable} with the stored message once
     * it is on disk, in queue order: a message queued later is never handed to {@code durable} first.
     */
    Optional<C2dMessage> enqueue(C2dMessage message, int maxDepth, Consumer<C2dMessage> durable);

    /** The oldest waiting messages of an identity, skipping those in {@code exclude} (in flight on a connection). */
    List<C2dMessage> oldest(IdentityId to, Collection<String> exclude, int limit);

    void markDelivered(IdentityId to, String messageId);

    /** Counts one more delivery of each message, all in one write. */
    default void markDelivered(IdentityId to, Collection<String> messageIds) {
        messageIds.forEach(messageId -> markDelivered(to, messageId));
    }

    /** Removes a message and returns it, if it was still queued. */
    Optional<C2dMessage> remove(IdentityId to, String messageId);

    /** Removes every waiting message of the identity and returns them. */
    List<C2dMessage> removeAll(IdentityId to);

    int depth(IdentityId to);

    /** Removes up to {@code limit} messages of any identity whose expiry is at or before {@code now}. */
    List<C2dMessage> removeExpired(java.time.Instant now, int limit);

    void appendFeedback(FeedbackRecord record);

    List<FeedbackRecord> feedback(long afterSequence, int limit);
}
