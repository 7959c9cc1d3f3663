package io.bulwark.protocol.security;

import java.util.List;

/** The bounds every field of a security event respects, so that one event can never be large or hostile to log. */
final class Bounded {
    static final int MAX_TEXT = 256;
    static final int MAX_ITEMS = 1024;

    private Bounded() {
    }

    static String text(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new SecurityEventFormatException(field + " is required");
        }
        return optionalText(field, value);
    }

    static String optionalText(String field, String value) {
        if (value != null && (value.length() > MAX_TEXT || value.chars().anyMatch(c -> c < 0x20))) {
            throw new SecurityEventFormatException(field + " must be at most " + MAX_TEXT + " printable characters");
        }
        return value;
    }

    static <T> List<T> items(String field, List<T> values) {
        if (values == null) {
            return List.of();
        }
        if (values.size() > MAX_ITEMS) {
            throw new SecurityEventFormatException(field + " has more than " + MAX_ITEMS + " entries");
        }
        return List.copyOf(values);
    }

    /** A value echoed in an error message, cut short and stripped of control characters. */
    static String quote(String value) {
        if (value == null) {
            return "null";
        }
        String cut = value.length() > 40 ? value.substring(0, 40) + "..." : value;
        return '"' + cut.replaceAll("\\p{Cntrl}", "?") + '"';
    }
}
