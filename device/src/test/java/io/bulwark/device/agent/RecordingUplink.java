package io.bulwark.device.agent;

import io.bulwark.protocol.security.SecurityEvent;
import io.bulwark.protocol.security.SecurityEventCodec;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/** An uplink that keeps what the agent sent, after a round trip through the wire codec (so the schema is checked). */
public final class RecordingUplink implements AgentUplink {
    private final SecurityEventCodec codec = new SecurityEventCodec();
    public final List<SecurityEvent> events = new CopyOnWriteArrayList<>();
    public final List<Map<String, Object>> summaries = new CopyOnWriteArrayList<>();

    @Override
    public CompletableFuture<Void> send(SecurityEvent event) {
        events.add(codec.decode(codec.encode(event)));
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Void> reportSummary(Map<String, Object> summary) {
        summaries.add(summary);
        return CompletableFuture.completedFuture(null);
    }

    public List<SecurityEvent> ofType(io.bulwark.protocol.security.SecurityEventType type) {
        return events.stream().filter(event -> event.type() == type).toList();
    }
}
