package io.bulwark.hub.stream.embedded;

import java.util.List;

/**
 * The offsets of one device run of the {@link DeviceIndex}, as SQLite's {@code group_concat} wrote them: decimal,
 * ascending, separated by commas. Read without splitting the text, since a lookup may skip most of a run.
 */
final class OffsetRuns {

    private OffsetRuns() {
    }

    /**
     * Adds to {@code into} the offsets of {@code run} from {@code from} to {@code upTo}, in order, until {@code into}
     * holds {@code limit}.
     */
    static void addOffsets(String run, long from, long upTo, int limit, List<Long> into) {
        long offset = 0;
        boolean inNumber = false;
        for (int i = 0; i <= run.length() && into.size() < limit; i++) {
            char c = i < run.length() ? run.charAt(i) : ',';
            if (c >= '0' && c <= '9') {
                offset = offset * 10 + (c - '0');
                inNumber = true;
            } else if (c == ',' && inNumber) {
                if (offset > upTo) {
                    return;
                }
                if (offset >= from) {
                    into.add(offset);
                }
                offset = 0;
                inNumber = false;
            } else {
                throw new IllegalArgumentException("not a run of offsets: " + run);
            }
        }
    }
}
