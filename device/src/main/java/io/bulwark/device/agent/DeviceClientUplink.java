package io.bulwark.device.agent;

import io.bulwark.protocol.security.SecurityStreamProperty;
import io.bulwark.device.client.DeviceClient;
import io.bulwark.device.client.DeviceMessage;
import io.bulwark.protocol.security.SecurityEvent;
import io.bulwark.protocol.security.SecurityEventCodec;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The agent's uplink over the Bulwark device SDK: each event is a QoS 1 telemetry message with
 * {@code bulwark-stream=security} (PROTOCOL.md, "Bulwark extensions"), and summaries are reported-property patches.
 * The message id is {@code {bootId}:{sequence}}, so a message delivered twice (at least once, after a reconnect or
 * from the outbox) is recognisable as one event.
 */
public final class DeviceClientUplink implements AgentUplink {

    private final DeviceClient client;
    private final SecurityEventCodec codec = new SecurityEventCodec();

    public DeviceClientUplink(DeviceClient client) {
        this.client = client;
    }

    @Override
    public CompletableFuture<Void> send(SecurityEvent event) {
        return client.sendTelemetry(DeviceMessage.builder()
                .body(codec.encode(event))
                .property(SecurityStreamProperty.NAME, SecurityStreamProperty.SECURITY)
                .messageId(event.bootId() + ":" + event.sequence())
                .contentType("application/json")
                .contentEncoding("utf-8")
                .build());
    }

    @Override
    public CompletableFuture<Void> reportSummary(Map<String, Object> summary) {
        return client.updateReportedProperties(summary).thenApply(version -> null);
    }
}
