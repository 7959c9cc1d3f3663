package io.bulwark.hub.messaging;

import io.bulwark.hub.auth.AuthenticatedDevice;
import io.bulwark.hub.stream.StreamMessage;
import io.bulwark.hub.stream.StreamName;
import io.bulwark.hub.stream.Streams;
import io.bulwark.protocol.mqtt.TelemetryTopic;
import io.bulwark.protocol.security.SecurityStreamProperty;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Takes a device's message into the right stream: security events (application property
 * {@code bulwark-stream=security}) go to the security stream only, everything else to telemetry. Completes once the
 * message is durable, which is when a transport may acknowledge it.
 */
public final class TelemetryIngest {

    /** Stored with messages that came as an MQTT will, as Azure marks them. */
    public static final String MESSAGE_TYPE_PROPERTY = "iothub-MessageType";

    private final Streams streams;
    private final Clock clock;

    public TelemetryIngest(Streams streams, Clock clock) {
        this.streams = streams;
        this.clock = clock;
    }

    /** See {@link Streams#whenAccepting}: for a connection whose message the writer refused. */
    public void whenAccepting(Runnable wake) {
        streams.whenAccepting(wake);
    }

    public CompletableFuture<Long> accept(AuthenticatedDevice sender, TelemetryTopic topic, byte[] body,
                                          String sourceProtocol, boolean retain) {
        Map<String, String> properties = new LinkedHashMap<>(topic.properties());
        if (retain) {
            // RETAIN is not stored; the flag travels with the message as Azure forwards it.
            properties.put("mqtt-retain", "true");
        }
        StreamName stream = SecurityStreamProperty.marksSecurity(properties) ? StreamName.SECURITY
                : StreamName.TELEMETRY;
        StreamMessage message = new StreamMessage(sender.id().deviceId(), sender.id().moduleId(),
                clock.instant().truncatedTo(ChronoUnit.MILLIS), sourceProtocol, properties, body);
        return streams.append(stream, message);
    }
}
