package io.bulwark.hub.c2d;

import io.bulwark.hub.registry.IdentityId;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A queued cloud-to-device message.
 *
 * @param sequence      queue order (first in, first out)
 * @param deliveryCount how often it was handed to the device without being completed
 * @param properties    application properties and system properties other than the id ({@code $.cid}...)
 */
public record C2dMessage(long sequence, String messageId, IdentityId to, Instant enqueuedTime, Instant expiryTime,
                         int deliveryCount, FeedbackMode feedback, Map<String, String> properties, byte[] body) {

    public C2dMessage {
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(enqueuedTime, "enqueuedTime");
        Objects.requireNonNull(expiryTime, "expiryTime");
        Objects.requireNonNull(feedback, "feedback");
        properties = Map.copyOf(properties);
        body = body.clone();
    }

    @Override
    public byte[] body() {
        return body.clone();
    }

    /** The same message at its place in the queue. */
    public C2dMessage withSequence(long queueSequence) {
        return new C2dMessage(queueSequence, messageId, to, enqueuedTime, expiryTime, deliveryCount, feedback,
                properties, body);
    }

    public boolean isExpiredAt(Instant now) {
        return !now.isBefore(expiryTime);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof C2dMessage that && sequence == that.sequence && messageId.equals(that.messageId);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(sequence) * 31 + messageId.hashCode();
    }

    @Override
    public String toString() {
        return "C2dMessage[" + messageId + " to " + to + ", " + body.length + " bytes]";
    }
}
