package io.bulwark.hub.mqtt;

import io.bulwark.hub.c2d.C2dMessage;
import io.bulwark.hub.c2d.CloudToDevice;
import io.bulwark.hub.registry.IdentityId;
import io.bulwark.protocol.mqtt.CloudToDeviceTopics;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttQoS;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * Feeds one connection its cloud-to-device messages at QoS 1, a bounded window at a time, and completes each when the
 * device's PUBACK comes back. State lives on the connection's event loop; storage work runs on the I/O executor.
 * Messages in flight when the connection drops stay queued and are delivered again on the next connection.
 */
final class C2dDelivery {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(C2dDelivery.class);

    /** Messages handed to the device and not yet acknowledged. */
    static final int WINDOW = 10;
    /**
     * The Azure Java SDK installs its message handler only after the SUBACK of its devicebound subscription, so a
     * message published at once is dropped by the client (and waits, unacknowledged, for the next connection).
     */
    static final Duration FIRST_DELIVERY_DELAY = Duration.ofMillis(500);

    private final CloudToDevice messages;
    private final Executor io;
    private final IdentityId device;
    private final Map<Integer, String> inFlight = new HashMap<>();
    private boolean subscribed;
    private boolean fetching;
    private int lastPacketId;

    C2dDelivery(CloudToDevice messages, Executor io, IdentityId device) {
        this.messages = messages;
        this.io = io;
        this.device = device;
    }

    void subscribed(ChannelHandlerContext ctx) {
        ctx.executor().schedule(() -> {
            subscribed = true;
            pump(ctx);
        }, FIRST_DELIVERY_DELAY.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Fetches and sends what fits in the window; called on the event loop. */
    void pump(ChannelHandlerContext ctx) {
        if (!subscribed || fetching || inFlight.size() >= WINDOW || !ctx.channel().isActive()) {
            return;
        }
        fetching = true;
        HashSet<String> exclude = new HashSet<>(inFlight.values());
        int room = WINDOW - inFlight.size();
        io.execute(() -> {
            List<C2dMessage> batch;
            try {
                batch = messages.nextForDelivery(device, exclude, room);
                messages.delivered(device, batch.stream().map(C2dMessage::messageId).toList());
            } catch (RuntimeException e) {
                ctx.executor().execute(() -> fetching = false);
                return;
            }
            ctx.executor().execute(() -> {
                fetching = false;
                batch.forEach(message -> send(ctx, message));
            });
        });
    }

    /** The device's PUBACK for one of our publishes. */
    void acknowledged(ChannelHandlerContext ctx, int packetId) {
        String messageId = inFlight.remove(packetId);
        if (messageId == null) {
            return;
        }
        io.execute(() -> {
            try {
                messages.complete(device, messageId);
            } finally {
                ctx.executor().execute(() -> pump(ctx));
            }
        });
    }

    private void send(ChannelHandlerContext ctx, C2dMessage message) {
        int packetId = nextPacketId();
        inFlight.put(packetId, message.messageId());
        ctx.writeAndFlush(MqttMessageBuilders.publish()
                .topicName(CloudToDeviceTopics.topic(device.deviceId(), device.moduleId(), message.messageId(),
                        message.feedback().wireName(), message.properties()))
                .qos(MqttQoS.AT_LEAST_ONCE)
                .messageId(packetId)
                .payload(Unpooled.wrappedBuffer(message.body()))
                .build()).addListener(written -> {
                    if (!written.isSuccess()) {
                        // Stays queued; the next connection gets it. Nothing of the message is logged.
                        LOG.warn("could not deliver a cloud-to-device message to {}: {}", device,
                                written.cause().getClass().getSimpleName());
                    }
                });
    }

    private int nextPacketId() {
        do {
            lastPacketId = lastPacketId % 65_535 + 1;
        } while (inFlight.containsKey(lastPacketId));
        return lastPacketId;
    }
}
