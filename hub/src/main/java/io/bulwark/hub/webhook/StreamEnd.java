package io.bulwark.hub.webhook;

import io.bulwark.hub.stream.StreamName;
import io.bulwark.hub.stream.Streams;

/**
 * Finds where a stream ends with nothing but {@link Streams#read}: offsets only grow, so "a message exists at or
 * after x" holds for every x up to the last offset and for none beyond, and a binary search needs about 60 reads of
 * one row. Used once per route, when it is made.
 */
final class StreamEnd {

    private StreamEnd() {
    }

    /** The newest offset of the stream, 0 when it is empty. */
    static long lastOffset(Streams streams, StreamName stream) {
        long low = 0;
        long high = Long.MAX_VALUE / 2;
        while (low < high) {
            long middle = low + (high - low + 1) / 2;
            if (streams.read(stream, middle, 1).isEmpty()) {
                high = middle - 1;
            } else {
                low = middle;
            }
        }
        return low;
    }
}
