package io.bulwark.hub.stream.embedded;

import java.time.Instant;
import java.time.LocalDate;

/**
 * Reads back the enqueued times the writer stored with {@link Instant#toString()} ({@code 2026-12-01T12:00:00.123Z},
 * zero to nine fraction digits). {@link Instant#parse} goes through a general formatter and was a quarter of what
 * the telemetry follower cost; this reads the one shape the hub writes by hand and leaves anything else to it. The
 * registry's rows use it too: every device lookup (one per connect) reads three such times.
 */
public final class StoredInstants {

    private StoredInstants() {
    }

    public static Instant parse(String text) {
        int length = text.length();
        if (length < 20 || length > 30 || text.charAt(4) != '-' || text.charAt(7) != '-' || text.charAt(10) != 'T'
                || text.charAt(13) != ':' || text.charAt(16) != ':' || text.charAt(length - 1) != 'Z'
                || (length > 20 && text.charAt(19) != '.')) {
            return Instant.parse(text);
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 7);
        int day = digits(text, 8, 10);
        int hour = digits(text, 11, 13);
        int minute = digits(text, 14, 16);
        int second = digits(text, 17, 19);
        int fraction = length > 21 ? digits(text, 20, length - 1) : 0;
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 23 || minute < 0
                || minute > 59 || second < 0 || second > 59 || fraction < 0 || length == 21) {
            return Instant.parse(text);
        }
        long nanos = fraction;
        for (int i = length - 1 - 20; i < 9 && length > 21; i++) {
            nanos *= 10;
        }
        if (day > LocalDate.of(year, month, 1).lengthOfMonth()) {
            return Instant.parse(text);
        }
        long epochDay = LocalDate.of(year, month, day).toEpochDay();
        return Instant.ofEpochSecond(epochDay * 86_400 + hour * 3_600L + minute * 60L + second, nanos);
    }

    /** The decimal number in {@code text[from, to)}, or -1 when a character is not a digit. */
    private static int digits(String text, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
