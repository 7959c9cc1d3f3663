package io.bulwark.device.agent;

import io.bulwark.protocol.security.SecurityEvent;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Where the agent's output goes: security events into the hub's {@code security} stream, and a short summary into
 * the device twin's reported properties. The agent never knows the transport; the device client implements this.
 */
public interface AgentUplink {

    /** Completes when the hub has the event (for MQTT: the PUBACK of a QoS 1 publish). */
    CompletableFuture<Void> send(SecurityEvent event);

    /** Merges {@code summary} into {@code properties.reported}; completes when the hub has applied it. */
    CompletableFuture<Void> reportSummary(Map<String, Object> summary);
}
