package io.bulwark.hub.stream;

/** What one retention pass over a stream did. */
public record RetentionResult(StreamName stream, long deletedMessages, long firstOffset) {
}
