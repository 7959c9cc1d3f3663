package io.bulwark.hub.stream;

/** A message at its offset in a stream. Offsets start at 1 and grow by one per message. */
public record StoredMessage(long offset, StreamMessage message) {
}
