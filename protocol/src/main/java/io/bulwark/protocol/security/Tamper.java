package io.bulwark.protocol.security;

/**
 * A tamper signal: an enclosure switch opened, a watched file changed, a debug port enabled. {@code kind} is a short
 * machine-readable word chosen by the reporter (for example {@code cover-open}); {@code detail} is free text.
 */
public record Tamper(String kind, String detail) implements SecurityEventDetail {
    public Tamper {
        Bounded.text("kind", kind);
        Bounded.optionalText("detail", detail);
    }
}
