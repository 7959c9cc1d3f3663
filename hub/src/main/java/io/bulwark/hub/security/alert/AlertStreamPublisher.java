package io.bulwark.hub.security.alert;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bulwark.hub.stream.StreamMessage;
import io.bulwark.hub.stream.StreamName;
import io.bulwark.hub.stream.Streams;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends every new alert and every change of one to the {@code alerts} stream, where readers, consumer groups and
 * webhook routes (HMAC-signed, retried) pick it up. Properties name the change, severity and rule so a webhook route
 * can filter on them (e.g. {@code alert-severity = critical}).
 */
public final class AlertStreamPublisher {

    public static final String CHANGE_PROPERTY = "alert-change";
    public static final String SEVERITY_PROPERTY = "alert-severity";
    public static final String RULE_PROPERTY = "alert-rule";
    public static final String ID_PROPERTY = "alert-id";
    static final String SOURCE = "hub";

    private static final Logger LOG = LoggerFactory.getLogger(AlertStreamPublisher.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Streams streams;
    private final Clock clock;

    AlertStreamPublisher(Streams streams, Clock clock) {
        this.streams = streams;
        this.clock = clock;
    }

    /** Not awaited: the alert is in its table already; a lost stream copy is logged, the alert stays. */
    void publish(Alert alert, AlertChange change) {
        streams.append(StreamName.ALERTS, toMessage(alert, change)).whenComplete((offset, failure) -> {
            if (failure != null) {
                LOG.warn("alert {} ({}) did not reach the alerts stream: {}", alert.id(), change.wireName(),
                        failure.getClass().getSimpleName());
            }
        });
    }

    StreamMessage toMessage(Alert alert, AlertChange change) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("change", change.wireName());
        body.putAll(AlertDocument.of(alert));
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("$.ct", "application/json");
        properties.put("$.ce", "utf-8");
        properties.put(CHANGE_PROPERTY, change.wireName());
        properties.put(SEVERITY_PROPERTY, alert.severity().wireName());
        properties.put(RULE_PROPERTY, alert.rule());
        properties.put(ID_PROPERTY, String.valueOf(alert.id()));
        try {
            // Alerts about no device go under the empty id, which no device can have (as in the audit stream).
            return new StreamMessage(alert.deviceId() == null ? "" : alert.deviceId(), null, clock.instant(), SOURCE,
                    properties, JSON.writeValueAsString(body).getBytes(StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode an alert", e);
        }
    }
}
