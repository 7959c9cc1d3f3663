package io.bulwark.hub.security.detect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bulwark.hub.security.alert.AlertEvidence;
import io.bulwark.hub.security.alert.AlertSignal;
import io.bulwark.hub.stream.AuditStreamFeed;
import io.bulwark.hub.stream.StoredMessage;
import io.bulwark.hub.stream.StreamName;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Shows the audit stream's records to the audit detectors. Only the actions some detector reads are parsed (the
 * action is a message property), so the hub's own busy records (alert.raise, stream commits) cost nothing.
 */
public final class AuditStreamReader implements Consumer<List<StoredMessage>> {

    /** The audit actions the detectors read. */
    static final Set<String> WATCHED = Set.of("auth.failure", "device.conflicting-connection", "mqtt.acl-violation");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<AuditDetector> detectors;
    private final Consumer<List<AlertSignal>> raise;

    public AuditStreamReader(List<AuditDetector> detectors, Consumer<List<AlertSignal>> raise) {
        this.detectors = List.copyOf(detectors);
        this.raise = raise;
    }

    /** Shows a page of the stream to the detectors, then raises what they found in one go. */
    @Override
    public void accept(List<StoredMessage> page) {
        PageOfSignals.show(page, StoredMessage::offset, this::read, raise);
    }

    private void read(StoredMessage stored, List<AlertSignal> signals) {
        if (!WATCHED.contains(stored.message().properties().get(AuditStreamFeed.ACTION_PROPERTY))) {
            return;
        }
        JsonNode body;
        try {
            body = JSON.readTree(stored.message().body());
        } catch (IOException e) {
            return;
        }
        AuditEntry entry = new AuditEntry(Instant.parse(body.path("time").asText()), body.path("actor").asText(),
                body.path("action").asText(), body.path("target").asText(), body.path("outcome").asText(),
                body.path("source").asText(), body.path("detail").asText(),
                new AlertEvidence(StreamName.AUDIT, stored.offset()));
        for (AuditDetector detector : detectors) {
            detector.inspect(entry).forEach(signals::add);
        }
    }
}
