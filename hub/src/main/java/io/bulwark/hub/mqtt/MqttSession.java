package io.bulwark.hub.mqtt;

import io.bulwark.hub.HubLimits;
import io.bulwark.hub.audit.Actor;
import io.bulwark.hub.audit.AuditLog;
import io.bulwark.hub.audit.AuditOutcome;
import io.bulwark.hub.auth.AuthenticatedDevice;
import io.bulwark.hub.auth.DeviceAuthenticator;
import io.bulwark.hub.auth.DeviceAuthenticator.DeviceAuthenticationException;
import io.bulwark.hub.messaging.TelemetryIngest;
import io.bulwark.hub.registry.DevicePresence;
import io.bulwark.hub.security.SourceBlocklist;
import io.bulwark.hub.security.SourceVerdict;
import io.bulwark.hub.c2d.C2dMessage;
import io.bulwark.hub.c2d.CloudToDevice;
import io.bulwark.protocol.mqtt.DeviceSubscriptions;
import io.bulwark.protocol.mqtt.TelemetryTopic;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttSubscribeMessage;
import io.netty.handler.codec.mqtt.MqttTopicSubscription;
import io.netty.handler.codec.mqtt.MqttUnsubscribeMessage;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * One device's MQTT connection, from CONNECT to close: authenticate, bind the identity, then accept only what the
 * device protocol allows that identity (S-ACL-1). Anything outside the protocol closes the connection rather than
 * being guessed at.
 */
final class MqttSession extends ChannelInboundHandlerAdapter {

    private enum State { AWAITING_CONNECT, AUTHENTICATING, CONNECTED }

    private final DeviceAuthenticator authenticator;
    private final Executor authExecutor;
    private final Executor c2dStorage;
    private final TelemetryIngest ingest;
    private final AcknowledgementLatency acknowledgements;
    private final DeviceRequests requests;
    private final CloudToDevice cloudToDevice;
    private C2dDelivery c2d;
    private PublishThrottle throttle;
    private DurabilityWindow durability;
    private ReadGate reading;
    private StreamOffers offers;
    private final ClosingReasons closing;
    private final ConnectedDevices connected;
    private final DevicePresence presence;
    private final AuditLog audit;
    private final SourceBlocklist blocklist;
    private final HubLimits limits;
    private final Clock clock;
    /** How this connection came in ({@code mqtt}, {@code mqtt-ws}): marked on every message it sends. */
    private final String protocol;
    private State state = State.AWAITING_CONNECT;
    private AuthenticatedDevice device;
    private String source = "unknown";
    private Will will;

    /** An accepted will, published if the connection ends without DISCONNECT. */
    private record Will(TelemetryTopic topic, byte[] body, boolean retain) {
    }

    MqttSession(DeviceServices services, Executor authExecutor, Executor c2dStorage, ConnectedDevices connected,
                HubLimits limits, Clock clock, String protocol, ClosingReasons closing) {
        this.closing = closing;
        this.authenticator = services.authenticator();
        this.authExecutor = authExecutor;
        this.c2dStorage = c2dStorage;
        this.ingest = services.telemetry();
        this.acknowledgements = services.acknowledgements();
        this.requests = new DeviceRequests(services, authExecutor);
        this.cloudToDevice = services.cloudToDevice();
        this.connected = connected;
        this.presence = services.presence();
        this.audit = services.audit();
        this.blocklist = services.blocklist();
        this.limits = limits;
        this.clock = clock;
        this.protocol = protocol;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        source = ConnectionSource.of(ctx.channel());
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (!(msg instanceof MqttMessage message) || message.decoderResult().isFailure()) {
                // S-DOS-1: malformed, oversized, or a variable-length integer over four bytes: no second guess.
                protocolViolation("malformed or oversized packet");
                ctx.close();
                return;
            }
            switch (state) {
                case AWAITING_CONNECT -> onFirstPacket(ctx, message);
                case AUTHENTICATING -> ctx.close();
                case CONNECTED -> onPacket(ctx, message);
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void onFirstPacket(ChannelHandlerContext ctx, MqttMessage message) {
        if (!(message instanceof MqttConnectMessage connect)) {
            protocolViolation("first packet is " + message.fixedHeader().messageType() + ", not CONNECT");
            ctx.close();
            return;
        }
        if (connect.variableHeader().version() != MqttVersion.MQTT_3_1_1.protocolLevel()) {
            refuse(ctx, MqttConnectReturnCode.CONNECTION_REFUSED_UNACCEPTABLE_PROTOCOL_VERSION);
            return;
        }
        // S-AUTH-7: a slowed or blocked source is refused before its credentials are read, good or bad.
        SourceVerdict verdict = blocklist.admit(source);
        if (!verdict.allowed()) {
            refuse(ctx, verdict.kind() == SourceVerdict.Kind.BLOCKED
                    ? MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED
                    : MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE);
            return;
        }
        String clientId = connect.payload().clientIdentifier();
        String userName = connect.payload().userName();
        byte[] passwordBytes = connect.payload().passwordInBytes();
        String password = passwordBytes == null ? null : new String(passwordBytes, StandardCharsets.UTF_8);
        int keepAliveSeconds = connect.variableHeader().keepAliveTimeSeconds();
        Will requestedWill = connect.variableHeader().isWillFlag() ? new Will(null,
                connect.payload().willMessageInBytes(), connect.variableHeader().isWillRetain()) : null;
        String willTopic = connect.variableHeader().isWillFlag() ? connect.payload().willTopic() : null;
        int willQos = connect.variableHeader().willQos();
        java.util.List<java.security.cert.X509Certificate> clientChain = PeerCertificates.of(ctx.channel());
        state = State.AUTHENTICATING;
        ctx.channel().config().setAutoRead(false);
        authExecutor.execute(() -> {
            AuthenticatedDevice authenticated;
            try {
                authenticated = authenticator.authenticate(clientId, userName, password, clientChain, source);
            } catch (DeviceAuthenticationException e) {
                ctx.executor().execute(() -> refuse(ctx, e.isMalformed()
                        ? MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USER_NAME_OR_PASSWORD
                        : MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED));
                return;
            } catch (RuntimeException e) {
                ctx.executor().execute(() -> refuse(ctx, MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE));
                return;
            }
            ctx.executor().execute(() -> accept(ctx, authenticated, keepAliveSeconds, requestedWill, willTopic,
                    willQos));
        });
    }

    private void accept(ChannelHandlerContext ctx, AuthenticatedDevice authenticated, int keepAliveSeconds,
                        Will requestedWill, String willTopic, int willQos) {
        if (!ctx.channel().isActive()) {
            return;
        }
        if (requestedWill != null) {
            // S-ACL-4: a will is a publish like any other: own telemetry topic, QoS 0 or 1.
            TelemetryTopic topic = ownTelemetry(authenticated, willTopic);
            if (topic == null || willQos > 1) {
                violation(ctx, authenticated, "will on a topic outside its namespace");
                refuse(ctx, MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED);
                return;
            }
            will = new Will(topic, requestedWill.body(), requestedWill.retain());
        }
        device = authenticated;
        c2d = new C2dDelivery(cloudToDevice, c2dStorage, device.id());
        reading = new ReadGate(ctx.channel());
        throttle = new PublishThrottle(limits, audit, authExecutor, new Actor("device:" + device.id(), source),
                reading);
        durability = new DurabilityWindow(limits.mqttMaxInflightMessages(), reading);
        offers = new StreamOffers(reading, ingest::whenAccepting);
        state = State.CONNECTED;
        ctx.pipeline().remove(ConnectDeadlineHandler.NAME);
        ctx.pipeline().replace(MqttListener.DECODER, MqttListener.DECODER,
                new MqttDecoder(limits.mqttMaxPacketBytes()));
        long keepAlive = Math.min(keepAliveSeconds == 0 ? Long.MAX_VALUE : keepAliveSeconds,
                limits.mqttMaxKeepAlive().toSeconds());
        ctx.pipeline().addBefore(MqttListener.DECODER, "keep-alive",
                new IdleStateHandler(keepAlive * 3 / 2, 0, 0, TimeUnit.SECONDS));
        presence.connected(device.id(), source);
        // Set before the connection becomes findable, so that a revocation never sees it without its chain.
        ctx.channel().attr(MqttListener.CERTIFICATE_CHAIN).set(device.certificateChain());
        connected.takeOver(device.id(), ctx.channel()).ifPresent(previous ->
                audit.record(new Actor("device:" + device.id(), source), "device.conflicting-connection",
                        "device:" + device.id(), AuditOutcome.SUCCESS, "a newer connection took over"));
        // A revocation or CA deletion made between the certificate check and takeOver found no connection to close
        // (S-AUTH-6). Checked after takeOver: a withdrawal that comes later finds the connection and closes it.
        if (!device.certificateChain().isEmpty() && authenticator.isWithdrawn(device)) {
            ctx.close();
            return;
        }
        // S-AUTH-4: the connection lives no longer than the token that opened it.
        Duration untilExpiry = Duration.between(clock.instant(), device.credentialExpiry().plus(limits.sasClockSkew()));
        ctx.executor().schedule(() -> {
            if (ctx.channel().isActive()) {
                closing.closed("the credential that opened it expired", "device:" + device.id());
                ctx.close();
            }
        }, Math.max(untilExpiry.toMillis(), 1), TimeUnit.MILLISECONDS);
        ctx.writeAndFlush(MqttMessageBuilders.connAck()
                .returnCode(MqttConnectReturnCode.CONNECTION_ACCEPTED).sessionPresent(false).build());
        ctx.channel().config().setAutoRead(true);
    }

    private void onPacket(ChannelHandlerContext ctx, MqttMessage message) {
        presence.active(device.id());
        MqttMessageType type = message.fixedHeader().messageType();
        switch (type) {
            case PUBLISH -> onPublish(ctx, (MqttPublishMessage) message);
            case SUBSCRIBE -> onSubscribe(ctx, (MqttSubscribeMessage) message);
            case UNSUBSCRIBE -> ctx.writeAndFlush(MqttMessageBuilders.unsubAck()
                    .packetId(((MqttUnsubscribeMessage) message).variableHeader().messageId()).build());
            case PINGREQ -> ctx.writeAndFlush(MqttMessage.PINGRESP);
            case DISCONNECT -> {
                will = null;
                ctx.close();
            }
            case PUBACK -> c2d.acknowledged(ctx,
                    ((io.netty.handler.codec.mqtt.MqttPubAckMessage) message).variableHeader().messageId());
            default -> ctx.close();
        }
    }

    private void onPublish(ChannelHandlerContext ctx, MqttPublishMessage publish) {
        long hold = throttle.onPublish(ctx, publish.payload().readableBytes());
        MqttQoS qos = publish.fixedHeader().qosLevel();
        if (qos == MqttQoS.EXACTLY_ONCE) {
            protocolViolation("QoS 2 publish (the device protocol has QoS 0 and 1 only)");
            ctx.close();
            return;
        }
        String topicName = publish.variableHeader().topicName();
        if (requests.handle(ctx, device.id(), publish, topicName)) {
            return;
        }
        TelemetryTopic topic = ownTelemetry(device, topicName);
        if (topic == null) {
            violation(ctx, device, "publish outside its namespace");
            ctx.close();
            return;
        }
        byte[] body = ByteBufUtil.getBytes(publish.payload());
        int packetId = publish.variableHeader().packetId();
        boolean retain = publish.fixedHeader().isRetain();
        // Counted from the moment it is read, held or not: the in-flight window bounds what one connection keeps in
        // memory, and a message held by the throttle is kept just as much as one waiting for the writer.
        durability.appended();
        long readAt = System.nanoTime();
        offers.offer(ctx, hold, () -> ingest.accept(device, topic, body, protocol, retain), (offset, failure) -> {
            durability.settled();
            if (failure != null) {
                // Not durable, so not acknowledged: the device sends it again after reconnecting.
                if (ctx.channel().isActive()) {
                    closing.closed("a message could not be stored (" + failure.getClass().getSimpleName() + ")",
                            "device:" + device.id());
                }
                ctx.close();
            } else if (qos == MqttQoS.AT_LEAST_ONCE) {
                ctx.writeAndFlush(MqttMessageBuilders.pubAck().packetId(packetId).build());
                acknowledgements.acknowledged(System.nanoTime() - readAt);
            }
        });
    }

    private void onSubscribe(ChannelHandlerContext ctx, MqttSubscribeMessage subscribe) {
        List<MqttTopicSubscription> filters = subscribe.payload().topicSubscriptions();
        if (filters.size() > DeviceSubscriptions.MAX_FILTERS_PER_SUBSCRIBE) {
            ctx.close();
            return;
        }
        SubscriptionGrants grants = SubscriptionGrants.of(device, filters);
        for (int i = 0; i < grants.refused(); i++) {
            violation(ctx, device, "subscription outside its namespace");
        }
        if (grants.methods()) {
            ctx.channel().attr(MqttListener.METHODS_SUBSCRIBED).set(Boolean.TRUE);
        }
        if (grants.desired()) {
            ctx.channel().attr(MqttListener.DESIRED_SUBSCRIBED).set(Boolean.TRUE);
        }
        ctx.writeAndFlush(MqttMessageBuilders.subAck().packetId(subscribe.variableHeader().messageId())
                .addGrantedQoses(grants.granted().toArray(MqttQoS[]::new)).build());
        if (grants.messages()) {
            c2d.subscribed(ctx);
        }
    }

    private static TelemetryTopic ownTelemetry(AuthenticatedDevice sender, String topicName) {
        return TelemetryTopic.parseOwn(topicName, sender.id().deviceId(), sender.id().moduleId());
    }

    private void violation(ChannelHandlerContext ctx, AuthenticatedDevice sender, String what) {
        audit.record(new Actor("device:" + sender.id(), source), "mqtt.acl-violation", "device:" + sender.id(),
                AuditOutcome.DENIED, what);
    }

    /**
     * Records a connection closed for breaking the protocol. Written off the event loop: the audit log syncs to disk,
     * and the per-source connection rate already bounds how many of these one attacker can cause.
     */
    private void protocolViolation(String what) {
        String actor = device == null ? "anonymous" : "device:" + device.id();
        String target = device == null ? "device-connect" : "device:" + device.id();
        authExecutor.execute(() -> audit.record(new Actor(actor, source), "mqtt.protocol-violation", target,
                AuditOutcome.DENIED, what));
    }

    private void refuse(ChannelHandlerContext ctx, MqttConnectReturnCode code) {
        ctx.writeAndFlush(MqttMessageBuilders.connAck().returnCode(code).sessionPresent(false).build())
                .addListener(done -> ctx.close());
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof C2dMessage queued) {
            // Fired by MqttListener#messageQueued when a message for this identity became durable.
            if (c2d != null) {
                c2d.handOver(ctx, queued);
            }
            return;
        }
        if (event == ConnectDeadlineHandler.DEADLINE_PASSED) {
            protocolViolation("no CONNECT accepted within " + limits.mqttConnectTimeout().toSeconds() + " s");
            return;
        }
        if (event instanceof IdleStateEvent) {
            if (reading != null && reading.isPaused()) {
                // The hub stopped reading (throttle, in-flight window, busy writer): the device's packets, its
                // PINGREQs among them, wait in TCP. That is not a missed keep-alive.
                return;
            }
            // Keep-alive missed: 1.5 times the granted interval passed without a packet.
            closing.closed("keep-alive missed", device == null ? "unknown" : "device:" + device.id());
            ctx.close();
            return;
        }
        ctx.fireUserEventTriggered(event);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (c2d != null) {
            c2d.closed();
        }
        if (offers != null) {
            offers.closed();
        }
        if (device != null) {
            if (connected.remove(device.id(), ctx.channel())) {
                presence.disconnected(device.id());
            }
            if (will != null) {
                Will lastWill = will;
                will = null;
                java.util.Map<String, String> properties = new java.util.LinkedHashMap<>(lastWill.topic().properties());
                properties.put(TelemetryIngest.MESSAGE_TYPE_PROPERTY, "Will");
                ingest.accept(device, new TelemetryTopic(lastWill.topic().deviceId(), lastWill.topic().moduleId(),
                        properties), lastWill.body(), protocol, lastWill.retain());
            }
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // TLS failures, resets and decoder errors all end the same way; nothing of the payload is logged.
        ctx.close();
    }
}
