package io.bulwark.device.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bulwark.protocol.mqtt.MqttFormatException;
import io.bulwark.protocol.mqtt.TwinTopics;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.util.concurrent.EventExecutor;
import java.io.IOException;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Twin requests ({@code GET}, reported {@code PATCH}) matched to their answers by {@code $rid}, and the desired
 * patches the hub pushes. A request asked while disconnected, or in flight when the connection dropped, is sent on the
 * next connection (both are safe to repeat: a GET reads, a reported patch merges). Each fails after the operation
 * timeout. Runs on the client's event loop.
 */
final class TwinChannel {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> TWIN_FIELDS = Set.of("desired", "reported");

    private record Request(String topic, byte[] body, CompletableFuture<Reply> answer) {
    }

    /** An answer: status, version (for patches), body. */
    record Reply(int status, Long version, byte[] body) {
    }

    private final EventExecutor loop;
    private final Duration timeout;
    private final Consumer<DeviceClientError> errors;
    private final Map<String, Request> pending = new LinkedHashMap<>();
    private Link link;
    private long lastRequestId;
    private boolean closed;

    TwinChannel(EventExecutor loop, Duration timeout, Consumer<DeviceClientError> errors) {
        this.loop = loop;
        this.timeout = timeout;
        this.errors = errors;
    }

    /** Any thread. */
    CompletableFuture<Twin> get() {
        return request(null).thenApply(this::readTwin);
    }

    /** Any thread; the future holds the new reported {@code $version}. */
    CompletableFuture<Long> patchReported(JsonNode patch) {
        if (!patch.isObject()) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("a reported patch is a JSON object"));
        }
        byte[] body;
        try {
            body = JSON.writeValueAsBytes(patch);
        } catch (IOException e) {
            return CompletableFuture.failedFuture(e);
        }
        return request(body).thenApply(reply -> reply.version() == null ? -1L : reply.version());
    }

    void linkUp(Link newLink) {
        link = newLink;
        pending.values().forEach(request -> link.publish(request.topic(), MqttQoS.AT_MOST_ONCE, 0,
                request.body(), false));
        link.flush();
    }

    void linkDown() {
        link = null;
    }

    void close() {
        closed = true;
        DeviceClientException failure = new DeviceClientException("the client was closed");
        pending.values().forEach(request -> request.answer().completeExceptionally(failure));
        pending.clear();
        link = null;
    }

    /** An answer on {@code $iothub/twin/res/...}. */
    void onResponse(String topic, byte[] payload) {
        TwinTopics.Response response;
        try {
            response = TwinTopics.parseResponse(topic);
        } catch (MqttFormatException e) {
            errors.accept(new DeviceClientError(DeviceClientError.Kind.MALFORMED_TWIN,
                    "twin answer topic cannot be read: " + e.getMessage()));
            return;
        }
        Request request = pending.remove(response.requestId());
        if (request == null) {
            return; // answer to a request that timed out, or to a repeat that was already answered
        }
        if (response.status() < 200 || response.status() > 299) {
            request.answer().completeExceptionally(new TwinException(response.status()));
        } else {
            request.answer().complete(new Reply(response.status(), response.version(), payload));
        }
    }

    /** Reads a JSON object the hub sent; reports and returns null when it is none. */
    JsonNode readObject(byte[] payload, String what) {
        try {
            JsonNode node = JSON.readTree(payload);
            if (node != null && node.isObject()) {
                return node;
            }
        } catch (IOException e) {
            // reported below
        }
        errors.accept(new DeviceClientError(DeviceClientError.Kind.MALFORMED_TWIN, what + " is not a JSON object"));
        return null;
    }

    private CompletableFuture<Reply> request(byte[] patchBody) {
        CompletableFuture<Reply> answer = new CompletableFuture<>();
        if (loop.isShuttingDown()) {
            answer.completeExceptionally(new DeviceClientException("the client was closed"));
            return answer;
        }
        loop.execute(() -> {
            if (closed) {
                answer.completeExceptionally(new DeviceClientException("the client was closed"));
                return;
            }
            String requestId = Long.toString(++lastRequestId);
            String topic = patchBody == null ? TwinTopics.get(requestId) : TwinTopics.patchReported(requestId);
            Request request = new Request(topic, patchBody == null ? new byte[0] : patchBody, answer);
            pending.put(requestId, request);
            loop.schedule(() -> {
                if (pending.remove(requestId) != null) {
                    answer.completeExceptionally(new DeviceClientException("the hub did not answer the twin request"
                            + " within " + timeout.toSeconds() + " s"));
                }
            }, timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (link != null) {
                link.publish(topic, MqttQoS.AT_MOST_ONCE, 0, request.body(), false);
                link.flush();
            }
        });
        return answer;
    }

    private Twin readTwin(Reply reply) {
        JsonNode document = readObject(reply.body(), "the twin document");
        if (document == null) {
            throw new DeviceClientException("the hub answered the twin GET with something that is not a twin");
        }
        for (Iterator<String> names = document.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!TWIN_FIELDS.contains(name)) {
                errors.accept(new DeviceClientError(DeviceClientError.Kind.UNKNOWN_TWIN_FIELD,
                        "the twin document has an unknown field '" + printable(name) + "'; ignored"));
            }
        }
        return new Twin(section(document, "desired"), section(document, "reported"));
    }

    private JsonNode section(JsonNode document, String name) {
        JsonNode section = document.get(name);
        if (section == null || section.isNull()) {
            return JSON.createObjectNode();
        }
        if (!section.isObject()) {
            errors.accept(new DeviceClientError(DeviceClientError.Kind.MALFORMED_TWIN,
                    "the twin's '" + name + "' is not an object; read as empty"));
            return JSON.createObjectNode();
        }
        return section;
    }

    static ObjectNode emptyObject() {
        return JSON.createObjectNode();
    }

    static String printable(String value) {
        String shortened = value.length() > 32 ? value.substring(0, 32) + "..." : value;
        return shortened.replaceAll("[^\\x20-\\x7e]", "?");
    }
}
