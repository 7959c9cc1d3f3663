package io.bulwark.device.client;

import io.bulwark.protocol.mqtt.MethodTopics;
import io.bulwark.protocol.mqtt.MqttFormatException;
import io.netty.handler.codec.mqtt.MqttQoS;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Hands each direct-method request to the handler registered for its name and sends the answer back on the
 * connection it came from. Refuses before calling any handler: an unreadable topic (reported; no {@code $rid} to
 * answer), a payload over the configured maximum (413), an unknown method (404). A handler that throws is answered
 * with 500.
 */
final class MethodDispatcher {

    private final Map<String, MethodHandler> handlers = new ConcurrentHashMap<>();
    private final int maxPayloadBytes;
    private final Executor loop;
    private final Executor callbacks;
    private final Consumer<DeviceClientError> errors;

    MethodDispatcher(int maxPayloadBytes, Executor loop, Executor callbacks, Consumer<DeviceClientError> errors) {
        this.maxPayloadBytes = maxPayloadBytes;
        this.loop = loop;
        this.callbacks = callbacks;
        this.errors = errors;
    }

    void register(String methodName, MethodHandler handler) {
        if (methodName == null || methodName.isEmpty() || methodName.length() > MethodTopics.MAX_METHOD_NAME_LENGTH
                || methodName.contains("/")) {
            throw new IllegalArgumentException("method names are 1 to " + MethodTopics.MAX_METHOD_NAME_LENGTH
                    + " characters without '/'");
        }
        handlers.put(methodName, handler);
    }

    boolean hasHandlers() {
        return !handlers.isEmpty();
    }

    /**
     * A request on {@code $iothub/methods/POST/...}; {@code currentLink} tells, when the answer is ready, whether the
     * connection it came on is still the current one (an answer on a new connection would answer nobody).
     */
    void onRequest(Link link, Supplier<Link> currentLink, String topic, byte[] payload) {
        MethodTopics.Request request;
        try {
            request = MethodTopics.parseRequest(topic);
        } catch (MqttFormatException e) {
            errors.accept(new DeviceClientError(DeviceClientError.Kind.MALFORMED_METHOD_REQUEST,
                    "method request topic cannot be read: " + e.getMessage()));
            return;
        }
        if (payload.length > maxPayloadBytes) {
            errors.accept(new DeviceClientError(DeviceClientError.Kind.OVERSIZE_METHOD_PAYLOAD,
                    "method '" + TwinChannel.printable(request.methodName()) + "' came with " + payload.length
                            + " bytes, more than the " + maxPayloadBytes + " allowed; answered 413"));
            answer(link, request, MethodResponse.of(413, "{\"message\":\"payload larger than " + maxPayloadBytes
                    + " bytes\"}"));
            return;
        }
        MethodHandler handler = handlers.get(request.methodName());
        if (handler == null) {
            answer(link, request, MethodResponse.of(404, "{\"message\":\"no handler for this method\"}"));
            return;
        }
        MethodRequest call = new MethodRequest(request.methodName(), request.requestId(), payload);
        callbacks.execute(() -> {
            MethodResponse response;
            try {
                response = handler.handle(call);
                if (response == null) {
                    throw new IllegalStateException("the handler returned no response");
                }
            } catch (Exception e) {
                errors.accept(new DeviceClientError(DeviceClientError.Kind.HANDLER_FAILED, "method handler '"
                        + TwinChannel.printable(request.methodName()) + "' threw " + e.getClass().getSimpleName()));
                response = MethodResponse.of(500, "{\"message\":\"the device's handler failed\"}");
            }
            MethodResponse ready = response;
            loop.execute(() -> {
                if (currentLink.get() == link) {
                    answer(link, request, ready);
                }
            });
        });
    }

    private static void answer(Link link, MethodTopics.Request request, MethodResponse response) {
        link.publish(MethodTopics.response(response.status(), request.requestId()), MqttQoS.AT_MOST_ONCE, 0,
                response.payload(), false);
        link.flush();
    }
}
