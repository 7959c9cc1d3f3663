package io.bulwark.device.agent;

import io.bulwark.protocol.security.SecurityEvent;
import io.bulwark.protocol.security.SecurityEventDetail;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Numbers each detail the watchers produce and hands it to the uplink. One instance per agent, shared by all
 * watchers, so the sequence is one series across every kind of event.
 */
public final class SecurityEvents {
    private static final Logger LOG = LoggerFactory.getLogger(SecurityEvents.class);

    private final EventSequence sequence;
    private final AgentUplink uplink;
    private final Clock clock;

    public SecurityEvents(EventSequence sequence, AgentUplink uplink, Clock clock) {
        this.sequence = sequence;
        this.uplink = uplink;
        this.clock = clock;
    }

    /** Numbers and sends one event; the future fails when the uplink could not deliver it. */
    public CompletableFuture<SecurityEvent> emit(SecurityEventDetail detail) {
        SecurityEvent event;
        // Numbering and handing over happen together so the uplink sees events in sequence order.
        synchronized (this) {
            event = SecurityEvent.of(sequence.next(), sequence.bootId(), clock.instant(), detail);
            LOG.info("security event {} #{}", event.type().wireName(), event.sequence());
            return uplink.send(event).thenApply(sent -> event).whenComplete((sent, failure) -> {
                if (failure != null) {
                    LOG.warn("security event #{} was not delivered: {}", event.sequence(), failure.toString());
                }
            });
        }
    }

    public String bootId() {
        return sequence.bootId();
    }
}
