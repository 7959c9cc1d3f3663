package io.bulwark.hub.audit;

import java.util.Objects;

/**
 * Who did something and from where, as the audit log records it.
 *
 * @param name   e.g. {@code policy:iothubowner}, {@code device:d1}, {@code anonymous}, {@code hub}
 * @param source the remote address of the connection, or {@code local} for the hub itself
 */
public record Actor(String name, String source) {

    public static final Actor HUB = new Actor("hub", "local");

    public Actor {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(source, "source");
    }
}
