package io.bulwark.hub.stream.embedded;

import java.time.Instant;
import java.time.LocalDate;

/**
 * The enqueued times as {@code streams.db} stores them: the text of {@link Instant#toString()}
 * ({@code 2026-12-01T12:00:00.123Z}, zero, three, six or nine fraction digits). {@link Instant#parse} and
 * {@link Instant#toString()} go through a general formatter: parsing was a quarter of what the telemetry follower
 * cost, formatting a visible part of each append. Both are done here by hand for years 0 to 9999, the same text
 * either way; any other instant is left to {@link Instant}. The
 * registry's rows use the parser too: every device lookup (one per connect) reads three such times.
 */
public final class StoredInstants {

    private StoredInstants() {
    }

    private static final long SECONDS_PER_DAY = 86_400;
    private static final long LAST_SECOND_OF_9999 = LocalDate.of(9999, 12, 31).toEpochDay() * SECONDS_PER_DAY
            + SECONDS_PER_DAY - 1;
    private static final long FIRST_SECOND_OF_0000 = LocalDate.of(0, 1, 1).toEpochDay() * SECONDS_PER_DAY;

    /** Exactly {@code instant.toString()}. */
    static String format(Instant instant) {
        long seconds = instant.getEpochSecond();
        if (seconds < FIRST_SECOND_OF_0000 || seconds > LAST_SECOND_OF_9999) {
            return instant.toString();
        }
        LocalDate date = LocalDate.ofEpochDay(Math.floorDiv(seconds, SECONDS_PER_DAY));
        int secondOfDay = (int) Math.floorMod(seconds, SECONDS_PER_DAY);
        int nanos = instant.getNano();
        char[] text = new char[30];
        put(text, 0, date.getYear(), 4);
        text[4] = '-';
        put(text, 5, date.getMonthValue(), 2);
        text[7] = '-';
        put(text, 8, date.getDayOfMonth(), 2);
        text[10] = 'T';
        put(text, 11, secondOfDay / 3_600, 2);
        text[13] = ':';
        put(text, 14, secondOfDay / 60 % 60, 2);
        text[16] = ':';
        put(text, 17, secondOfDay % 60, 2);
        int length = 19;
        if (nanos > 0) {
            text[length++] = '.';
            if (nanos % 1_000_000 == 0) {
                put(text, length, nanos / 1_000_000, 3);
                length += 3;
            } else if (nanos % 1_000 == 0) {
                put(text, length, nanos / 1_000, 6);
                length += 6;
            } else {
                put(text, length, nanos, 9);
                length += 9;
            }
        }
        text[length++] = 'Z';
        return new String(text, 0, length);
    }

    /** {@code value} as {@code width} decimal digits, zero-padded, at {@code text[at]}. */
    private static void put(char[] text, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            text[i] = (char) ('0' + value % 10);
            value /= 10;
        }
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
