package io.bulwark.hub.webhook;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bulwark.hub.stream.StoredMessage;
import io.bulwark.hub.stream.StreamMessage;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The JSON body a receiver gets for one message: the route and stream, then the same fields as
 * {@code GET /streams/{name}/messages} answers for it (body in base64: the hub never interprets device payloads).
 */
final class WebhookPayload {

    private static final ObjectMapper JSON = new ObjectMapper();

    private WebhookPayload() {
    }

    static byte[] of(WebhookRoute route, StoredMessage stored) {
        StreamMessage message = stored.message();
        ObjectNode node = JSON.createObjectNode()
                .put("route", route.name())
                .put("stream", route.stream().wireName())
                .put("offset", stored.offset())
                .put("deviceId", message.deviceId())
                .put("moduleId", message.moduleId())
                .put("enqueuedTime", message.enqueuedTime().toString())
                .put("sourceProtocol", message.sourceProtocol())
                .put("body", Base64.getEncoder().encodeToString(message.body()));
        ObjectNode properties = node.putObject("properties");
        message.properties().forEach(properties::put);
        return node.toString().getBytes(StandardCharsets.UTF_8);
    }
}
