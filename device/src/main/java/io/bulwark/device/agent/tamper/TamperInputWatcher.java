package io.bulwark.device.agent.tamper;

import io.bulwark.device.agent.SecurityEvents;
import io.bulwark.protocol.security.Tamper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches a tamper input, typically an enclosure switch on a GPIO line ({@code /sys/class/gpio/gpio17/value}) or any
 * file whose content a sensor writes, and emits one tamper event each time its value becomes the configured
 * "tampered" value. A switch already tampered when the agent starts is reported (the cover may have been opened
 * while the agent was not running); it must return to another value before it is reported again.
 */
public final class TamperInputWatcher {
    private static final Logger LOG = LoggerFactory.getLogger(TamperInputWatcher.class);

    private final Path input;
    private final String tamperedValue;
    private final String kind;
    private final SecurityEvents events;
    private boolean tampered;
    private boolean unreadableReported;

    public TamperInputWatcher(Path input, String tamperedValue, String kind, SecurityEvents events) {
        this.input = input;
        this.tamperedValue = tamperedValue.strip();
        this.kind = kind;
        this.events = events;
    }

    /** Reads the input once; returns the event when it just became tampered. */
    public synchronized Optional<Tamper> poll() {
        Optional<String> value = read();
        if (value.isEmpty()) {
            if (!unreadableReported) {
                LOG.warn("tamper input {} cannot be read", input);
                unreadableReported = true;
            }
            return Optional.empty();
        }
        unreadableReported = false;
        boolean now = value.get().equals(tamperedValue);
        boolean becameTampered = now && !tampered;
        tampered = now;
        if (!becameTampered) {
            return Optional.empty();
        }
        String detail = "input " + input + " is " + tamperedValue;
        Tamper event = new Tamper(kind, detail.length() > 256 ? detail.substring(detail.length() - 256) : detail);
        events.emit(event);
        return Optional.of(event);
    }

    private Optional<String> read() {
        try {
            byte[] head = Files.readAllBytes(input);
            String text = new String(head, 0, Math.min(head.length, 64), StandardCharsets.US_ASCII);
            return Optional.of(text.strip());
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
