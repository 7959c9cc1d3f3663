package io.bulwark.hub.mqtt;

import io.bulwark.hub.methods.DirectMethods;
import io.bulwark.hub.methods.MethodResult;
import io.bulwark.hub.registry.IdentityId;
import io.bulwark.protocol.mqtt.CredentialTopics;
import io.bulwark.protocol.mqtt.MethodTopics;
import io.bulwark.protocol.mqtt.MqttFormatException;
import io.bulwark.protocol.mqtt.TwinTopics;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import java.util.concurrent.Executor;

/**
 * The publishes of a device that are not telemetry but talk to the hub: answers to direct methods, twin requests and
 * certificate renewals.
 * A malformed one closes the connection, like any publish outside the protocol.
 */
final class DeviceRequests {

    private final DirectMethods methods;
    private final TwinRequests twins;
    private final CredentialRequests credentials;
    private final Executor io;

    DeviceRequests(DeviceServices services, Executor io) {
        this.methods = services.methods();
        this.twins = new TwinRequests(services.twins());
        this.credentials = new CredentialRequests(services.certificates(), services.audit());
        this.io = io;
    }

    /** Handles the publish if its topic is a method answer or a twin request; false when it is neither. */
    boolean handle(ChannelHandlerContext ctx, IdentityId device, MqttPublishMessage publish, String topicName) {
        if (MethodTopics.isResponse(topicName)) {
            onMethodResponse(ctx, device, publish, topicName);
            return true;
        }
        if (TwinTopics.isTwinRequest(topicName)) {
            onTwinRequest(ctx, device, publish, topicName);
            return true;
        }
        if (CredentialTopics.isCredentialRequest(topicName)) {
            onCredentialRequest(ctx, device, publish, topicName);
            return true;
        }
        return false;
    }

    private void onMethodResponse(ChannelHandlerContext ctx, IdentityId device, MqttPublishMessage publish,
                                  String topicName) {
        MethodTopics.Response response;
        try {
            response = MethodTopics.parseResponse(topicName);
        } catch (MqttFormatException e) {
            ctx.close();
            return;
        }
        methods.complete(device, response.requestId(),
                new MethodResult(response.status(), ByteBufUtil.getBytes(publish.payload())));
        acknowledgeIfQos1(ctx, publish);
    }

    /** Twin reads and writes touch storage: done off the event loop, answered on it. */
    private void onTwinRequest(ChannelHandlerContext ctx, IdentityId device, MqttPublishMessage publish,
                               String topicName) {
        TwinTopics.Request request;
        try {
            request = TwinTopics.parseRequest(topicName);
        } catch (MqttFormatException e) {
            ctx.close();
            return;
        }
        twins.answerLater(ctx, io, device, request, ByteBufUtil.getBytes(publish.payload()), acknowledgement(publish));
    }

    private void onCredentialRequest(ChannelHandlerContext ctx, IdentityId device, MqttPublishMessage publish,
                                     String topicName) {
        String requestId;
        try {
            requestId = CredentialTopics.parseIssueRequest(topicName);
        } catch (MqttFormatException e) {
            ctx.close();
            return;
        }
        acknowledgeIfQos1(ctx, publish);
        credentials.answerLater(ctx, io, device, requestId, ByteBufUtil.getBytes(publish.payload()));
    }

    /** Twin and method traffic is QoS 0 in Azure; a device that uses QoS 1 still gets its PUBACK. */
    private static void acknowledgeIfQos1(ChannelHandlerContext ctx, MqttPublishMessage publish) {
        MqttMessage acknowledgement = acknowledgement(publish);
        if (acknowledgement != null) {
            ctx.writeAndFlush(acknowledgement);
        }
    }

    /** The PUBACK a QoS 1 publish needs, or null for QoS 0. */
    private static MqttMessage acknowledgement(MqttPublishMessage publish) {
        return publish.fixedHeader().qosLevel() == MqttQoS.AT_LEAST_ONCE
                ? MqttMessageBuilders.pubAck().packetId(publish.variableHeader().packetId()).build() : null;
    }
}
