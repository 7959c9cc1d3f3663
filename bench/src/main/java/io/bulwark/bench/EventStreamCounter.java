package io.bulwark.bench;

import java.nio.charset.StandardCharsets;

/**
 * Counts the {@code message} events of a Server-Sent-Events body as its bytes arrive, in chunks cut anywhere: it
 * looks for the line {@code event: message} and nothing else, so reading a stream costs one pass over its bytes
 * (no line splitting, no JSON). Keep-alive comments and {@code skipped} events are not counted. One thread feeds it.
 */
final class EventStreamCounter {

    /** An event's type line, with the line break before it (after its {@code id:} line) and after it. */
    private static final byte[] PATTERN = "\nevent: message\n".getBytes(StandardCharsets.US_ASCII);

    private int matched;
    private long events;

    /** Feeds the next {@code length} bytes of the body. */
    void feed(byte[] bytes, int offset, int length) {
        int state = matched;
        long found = 0;
        for (int i = offset; i < offset + length; i++) {
            byte b = bytes[i];
            if (b == PATTERN[state]) {
                state++;
                if (state == PATTERN.length) {
                    found++;
                    // The closing line break may open the next match.
                    state = 1;
                }
            } else {
                // The pattern's only line breaks are its first and last byte: a mismatch restarts at a line break.
                state = b == '\n' ? 1 : 0;
            }
        }
        matched = state;
        events += found;
    }

    long events() {
        return events;
    }
}
