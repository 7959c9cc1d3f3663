package io.bulwark.hub.security.alert;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An alert as JSON-ready fields: the one shape of {@code GET /alerts/{id}} and of the alerts stream's bodies. */
public final class AlertDocument {

    private AlertDocument() {
    }

    public static Map<String, Object> of(Alert alert) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("id", String.valueOf(alert.id()));
        fields.put("rule", alert.rule());
        fields.put("severity", alert.severity().wireName());
        fields.put("state", alert.state().wireName());
        fields.put("summary", alert.summary());
        fields.put("deviceId", alert.deviceId());
        fields.put("sourceAddress", alert.sourceAddress());
        fields.put("dedupKey", alert.dedupKey());
        fields.put("count", alert.count());
        fields.put("firstSeen", alert.firstSeen().toString());
        fields.put("lastSeen", alert.lastSeen().toString());
        List<Map<String, Object>> evidence = alert.evidence().stream().map(AlertDocument::evidence).toList();
        fields.put("evidence", evidence);
        fields.put("stateChangedBy", alert.stateChangedBy());
        fields.put("stateChangedTime", alert.stateChangedTime().toString());
        fields.put("note", alert.note());
        return fields;
    }

    private static Map<String, Object> evidence(AlertEvidence evidence) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("stream", evidence.stream().wireName());
        fields.put("offset", evidence.offset());
        return fields;
    }
}
