package io.bulwark.hub.mqtt;

import io.bulwark.hub.c2d.C2dMessage;
import io.bulwark.hub.c2d.CloudToDevice;
import io.bulwark.hub.registry.IdentityId;
import io.bulwark.protocol.mqtt.CloudToDeviceTopics;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttQoS;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * Feeds one connection its cloud-to-device messages at QoS 1, a bounded window at a time, in queue order, and
 * completes each when the device's PUBACK comes back. State lives on the connection's event loop; storage work runs
 * on the I/O executor. Messages in flight when the connection drops stay queued and are delivered again on the next
 * connection.
 *
 * <p>Two ways in. A fetch reads the oldest waiting messages from the store (after subscribing, after a PUBACK, or
 * when the session fell behind). A message queued while the session is caught up is handed over by the store once it
 * is durable ({@link #handOver}), so it goes out without being read back. Hand-overs arrive in queue order; one that
 * arrives while the session cannot send it at once is dropped and the session falls back to a fetch, which finds it
 * in the store.
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
    /** Acknowledged, and being removed from the store: a fetch meanwhile may still read them, and must skip them. */
    private final Set<String> completing = new HashSet<>();
    private boolean subscribed;
    private boolean fetching;
    /**
     * True when every message of this identity the store holds, up to {@link #lastSent}, has been sent on this
     * connection: then a hand-over is the next message in the queue and may go out at once.
     */
    private boolean caughtUp;
    /** Counts hand-overs dropped; a fetch that saw a drop while it ran cannot vouch that the session is caught up. */
    private long dropped;
    /** Queue sequence of the newest message sent on this connection; messages go out in queue order. */
    private long lastSent;
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

    /**
     * A message just made durable for this identity, handed over in queue order; called on the event loop. Sent at
     * once when the session is caught up and has room; otherwise left to a fetch.
     */
    void handOver(ChannelHandlerContext ctx, C2dMessage message) {
        if (message.sequence() <= lastSent && caughtUp) {
            // A fetch that ran after the commit has sent it already.
            return;
        }
        if (caughtUp && subscribed && !fetching && inFlight.size() < WINDOW && ctx.channel().isActive()) {
            send(ctx, message);
            return;
        }
        caughtUp = false;
        dropped++;
        pump(ctx);
    }

    /** Fetches and sends what fits in the window; called on the event loop. */
    void pump(ChannelHandlerContext ctx) {
        if (!subscribed || fetching || inFlight.size() >= WINDOW || !ctx.channel().isActive()) {
            return;
        }
        fetching = true;
        HashSet<String> exclude = new HashSet<>(inFlight.values());
        exclude.addAll(completing);
        int room = WINDOW - inFlight.size();
        long droppedBefore = dropped;
        io.execute(() -> {
            List<C2dMessage> batch;
            try {
                batch = messages.nextForDelivery(device, exclude, room);
            } catch (RuntimeException e) {
                ctx.executor().execute(() -> fetching = false);
                return;
            }
            ctx.executor().execute(() -> fetched(ctx, batch, batch.size() < room && dropped == droppedBefore));
        });
    }

    /**
     * @param complete the fetch returned everything the store held for this identity (short of the window) and no
     *                 hand-over was dropped meanwhile
     */
    private void fetched(ChannelHandlerContext ctx, List<C2dMessage> batch, boolean complete) {
        fetching = false;
        for (C2dMessage message : batch) {
            send(ctx, message);
        }
        caughtUp = complete;
        if (!complete) {
            pump(ctx);
        }
    }

    /**
     * The connection ended: each message still unacknowledged counts one delivery (Azure's delivery count), so a
     * message that a device never acknowledges, say because it crashes on it, is dropped after the maximum number of
     * deliveries over its reconnects. Counted here rather than before each send: an acknowledged message, the usual
     * case, costs no write for its count. A hub that dies with messages in flight does not count those deliveries.
     */
    void closed() {
        if (inFlight.isEmpty()) {
            return;
        }
        List<String> unacknowledged = List.copyOf(inFlight.values());
        inFlight.clear();
        try {
            io.execute(() -> {
                try {
                    messages.delivered(device, unacknowledged);
                } catch (RuntimeException e) {
                    LOG.warn("could not count the deliveries of {} cloud-to-device messages to {}: {}",
                            unacknowledged.size(), device, e.getClass().getSimpleName());
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException stopping) {
            // The hub is stopping: as when it dies, these deliveries are not counted.
        }
    }

    /** The device's PUBACK for one of our publishes. */
    void acknowledged(ChannelHandlerContext ctx, int packetId) {
        String messageId = inFlight.remove(packetId);
        if (messageId == null) {
            return;
        }
        completing.add(messageId);
        io.execute(() -> {
            boolean removed = false;
            try {
                messages.complete(device, messageId);
                removed = true;
            } finally {
                boolean stillQueued = !removed;
                ctx.executor().execute(() -> {
                    completing.remove(messageId);
                    if (stillQueued) {
                        // Not removed: a fetch finds it in the store and sends it again.
                        caughtUp = false;
                    }
                    // Caught up, everything queued has gone out and whatever is queued next is handed over (or, if it
                    // cannot go at once, clears caughtUp and fetches): reading the queue now would find nothing.
                    if (!caughtUp) {
                        pump(ctx);
                    }
                });
            }
        });
    }

    private void send(ChannelHandlerContext ctx, C2dMessage message) {
        int packetId = nextPacketId();
        inFlight.put(packetId, message.messageId());
        lastSent = Math.max(lastSent, message.sequence());
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
