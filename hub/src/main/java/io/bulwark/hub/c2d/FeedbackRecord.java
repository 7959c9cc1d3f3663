package io.bulwark.hub.c2d;

import java.time.Instant;

/** What happened to one cloud-to-device message, for the sender that asked ({@code iothub-ack}). */
public record FeedbackRecord(long sequence, String originalMessageId, String deviceId, FeedbackStatus status,
                             Instant enqueuedTime) {
}
