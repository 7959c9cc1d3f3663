package io.bulwark.hub.mqtt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bulwark.hub.HubException;
import io.bulwark.hub.registry.IdentityId;
import io.bulwark.hub.twin.TwinService;
import io.bulwark.protocol.mqtt.TwinTopics;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttQoS;
import java.io.IOException;
import java.util.concurrent.Executor;
import java.nio.charset.StandardCharsets;

/** Turns a device's twin GET or reported PATCH into the status, version and body of its answer. */
final class TwinRequests {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] EMPTY = new byte[0];

    private final TwinService twins;

    TwinRequests(TwinService twins) {
        this.twins = twins;
    }

    /**
     * Handles the request on {@code io} (it touches storage), then on the connection's loop writes
     * {@code acknowledgement} (the request's PUBACK, or null for a QoS 0 request) and publishes the answer. A QoS 1
     * request is acknowledged once handled, not on arrival: a request the hub lost (stopped meanwhile) is sent again
     * by the device. The Azure IoT device SDK for Java also needs it: it records a publish in its table of unanswered
     * ones only after handing it to its MQTT client, so a PUBACK that came back first (at once, on loopback) was
     * dropped as "not sent by this client", and the SDK then waited 60 s for it.
     */
    void answerLater(ChannelHandlerContext ctx, Executor io, IdentityId device, TwinTopics.Request request,
                     byte[] body, MqttMessage acknowledgement) {
        io.execute(() -> {
            TwinAnswer answer = handle(device, request, body);
            ctx.executor().execute(() -> {
                if (acknowledgement != null) {
                    ctx.write(acknowledgement);
                }
                ctx.writeAndFlush(MqttMessageBuilders.publish()
                        .topicName(TwinTopics.response(answer.status(), request.requestId(), answer.version()))
                        .qos(MqttQoS.AT_MOST_ONCE)
                        .payload(Unpooled.wrappedBuffer(answer.body()))
                        .build());
            });
        });
    }

    TwinAnswer handle(IdentityId device, TwinTopics.Request request, byte[] body) {
        try {
            return switch (request.operation()) {
                case GET -> new TwinAnswer(200, null,
                        twins.deviceView(twins.get(device)).toString().getBytes(StandardCharsets.UTF_8));
                case PATCH_REPORTED -> new TwinAnswer(204, twins.patchReported(device, parse(body)), EMPTY);
            };
        } catch (HubException.Invalid | HubException.LimitExceeded e) {
            return new TwinAnswer(400, null, error(e.getMessage()));
        } catch (HubException.NotFound e) {
            return new TwinAnswer(404, null, error(e.getMessage()));
        } catch (RuntimeException e) {
            return new TwinAnswer(500, null, error("the hub could not handle the twin request"));
        }
    }

    private static JsonNode parse(byte[] body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new HubException.Invalid("invalid-json", "the reported patch is not valid JSON");
        }
    }

    private static byte[] error(String message) {
        return JSON.createObjectNode().put("message", message).toString().getBytes(StandardCharsets.UTF_8);
    }
}
