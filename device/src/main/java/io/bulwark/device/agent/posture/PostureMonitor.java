package io.bulwark.device.agent.posture;

import io.bulwark.device.agent.AgentUplink;
import io.bulwark.device.agent.SecurityEvents;
import io.bulwark.protocol.security.PostureSnapshot;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a posture snapshot when the agent starts and then only when a new reading differs from the last one sent,
 * and keeps a summary of it in the twin ({@code properties.reported.bulwarkAgent}) so an operator sees the current
 * posture without reading the stream.
 */
public final class PostureMonitor {
    private static final Logger LOG = LoggerFactory.getLogger(PostureMonitor.class);

    private final PostureCollector collector;
    private final SecurityEvents events;
    private final AgentUplink uplink;
    private final AgentIdentity identity;
    private final Clock clock;
    private CollectedPosture lastSent;
    private Map<String, Object> lastSummary;
    private volatile boolean summaryDelivered;

    /** What the agent says about itself in every snapshot and summary. */
    public record AgentIdentity(String deviceClass, String firmwareVersion, String agentVersion) {
    }

    public PostureMonitor(PostureCollector collector, SecurityEvents events, AgentUplink uplink,
                          AgentIdentity identity, Clock clock) {
        this.collector = collector;
        this.events = events;
        this.uplink = uplink;
        this.identity = identity;
        this.clock = clock;
    }

    /**
     * Reads the posture; sends it when it is the first reading or differs from the last one sent. A twin summary
     * that did not reach the hub (offline: twin patches are not queued like events) is sent again at the next check.
     */
    public synchronized boolean check() {
        CollectedPosture posture = collector.collect();
        if (posture.equals(lastSent)) {
            if (!summaryDelivered) {
                report(lastSummary);
            }
            return false;
        }
        Instant now = clock.instant();
        PostureSnapshot snapshot = posture.toSnapshot(identity.firmwareVersion(), identity.agentVersion(), now);
        events.emit(snapshot);
        lastSent = posture;
        lastSummary = Map.of("bulwarkAgent", summary(snapshot, now));
        report(lastSummary);
        return true;
    }

    private void report(Map<String, Object> summary) {
        summaryDelivered = false;
        uplink.reportSummary(summary).whenComplete((done, failure) -> {
            if (failure != null) {
                LOG.warn("posture summary not reported to the twin (tried again at the next check): {}",
                        failure.toString());
            } else {
                summaryDelivered = true;
            }
        });
    }

    Map<String, Object> summary(PostureSnapshot snapshot, Instant now) {
        Map<String, Object> posture = new LinkedHashMap<>();
        posture.put("os", snapshot.os() == null ? null
                : String.join(" ", nonNull(snapshot.os().id()), nonNull(snapshot.os().version())).strip());
        posture.put("kernel", snapshot.kernel());
        posture.put("firmware", snapshot.firmwareVersion());
        posture.put("openPorts", snapshot.listeningPorts().size());
        posture.put("usbDevices", snapshot.usbDevices().size());
        posture.put("firewall", snapshot.firewall() == null ? null
                : snapshot.firewall().tool() + (snapshot.firewall().active() ? " active" : " inactive"));
        posture.put("pendingSecurityUpdates", snapshot.pendingSecurityUpdates());
        posture.put("antivirus", snapshot.antivirus() == null ? null : snapshot.antivirus().product());
        posture.put("antivirusSignatureAgeSeconds",
                snapshot.antivirus() == null ? null : snapshot.antivirus().signatureAgeSeconds());
        posture.put("secureBoot", snapshot.secureBoot());
        posture.put("collectedAt", now.toString());
        Map<String, Object> agent = new LinkedHashMap<>();
        agent.put("version", identity.agentVersion());
        agent.put("deviceClass", identity.deviceClass());
        agent.put("bootId", events.bootId());
        agent.put("posture", posture);
        return agent;
    }

    private static String nonNull(String value) {
        return value == null ? "" : value;
    }
}
