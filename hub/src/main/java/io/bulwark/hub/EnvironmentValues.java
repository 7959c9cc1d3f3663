package io.bulwark.hub;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Map;

/**
 * Reads optional settings from environment variables, each error naming its variable so that a mistyped value stops
 * the hub with a message that says what to fix (never a default silently used instead).
 */
public final class EnvironmentValues {

    private final Map<String, String> env;

    public EnvironmentValues(Map<String, String> env) {
        this.env = env;
    }

    public int count(String name, int fallback) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number such as 100");
        }
    }

    public double number(String name, double fallback) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Double.parseDouble(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a number such as 10 or 2.5");
        }
    }

    public Duration duration(String name, Duration fallback) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Duration.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(name + " must be an ISO-8601 duration such as P1D or PT6H");
        }
    }
}
