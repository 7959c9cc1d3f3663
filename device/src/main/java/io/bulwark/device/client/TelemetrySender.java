package io.bulwark.device.client;

import io.bulwark.protocol.mqtt.TelemetryTopic;
import io.netty.handler.codec.mqtt.MqttQoS;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Telemetry at QoS 1: a bounded window of messages in flight, each future completed at the hub's PUBACK (which means
 * the message is durable in the hub's stream). Messages submitted from any thread are gathered and written in one
 * flush per event-loop turn. Messages in flight when a connection drops are sent again, first and in order, on the
 * next one; so delivery is at least once and the message id tells duplicates apart.
 *
 * <p>State lives on the client's event loop; {@link #submit} is the only method called from other threads.
 */
final class TelemetrySender {

    private static final class Pending {
        final DeviceMessage message;
        final CompletableFuture<Void> done;
        final OutboxEntry stored;
        boolean sentBefore;

        Pending(DeviceMessage message, CompletableFuture<Void> done, OutboxEntry stored) {
            this.message = message;
            this.done = done;
            this.stored = stored;
        }
    }

    private final Executor loop;
    private final Executor blocking;
    private final String deviceId;
    private final String moduleId;
    private final int window;
    private final int maxQueued;
    private final DirectoryOutbox outbox;
    private final Consumer<DeviceClientError> errors;
    private final ConcurrentLinkedQueue<Pending> submitted = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private final AtomicInteger queued = new AtomicInteger();
    private final ArrayDeque<Pending> waiting = new ArrayDeque<>();
    private final Map<Integer, Pending> inFlight = new LinkedHashMap<>();
    private Link link;
    private boolean paused;
    private int lastPacketId;
    private volatile DeviceClientException closedWith;

    /**
     * @param loop      the client's event loop
     * @param blocking  where outbox files are deleted (not on the event loop)
     * @param window    QoS 1 messages awaiting PUBACK at once
     * @param maxQueued messages held in memory without an outbox (sent, waiting or in flight)
     * @param outbox    null for none
     */
    TelemetrySender(Executor loop, Executor blocking, String deviceId, String moduleId, int window, int maxQueued,
                    DirectoryOutbox outbox, Consumer<DeviceClientError> errors) {
        this.loop = loop;
        this.blocking = blocking;
        this.deviceId = deviceId;
        this.moduleId = moduleId;
        this.window = window;
        this.maxQueued = maxQueued;
        this.outbox = outbox;
        this.errors = errors;
        if (outbox != null) {
            // What an earlier client (or process) left behind goes first, with its original ids.
            for (OutboxEntry entry : outbox.entries()) {
                waiting.add(new Pending(entry.message(), new CompletableFuture<>(), entry));
            }
        }
    }

    /** Any thread. With an outbox the message is on disk when this returns; the future completes at PUBACK. */
    CompletableFuture<Void> submit(DeviceMessage message) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (closedWith != null) {
            return CompletableFuture.failedFuture(closedWith);
        }
        OutboxEntry stored = null;
        if (outbox != null) {
            DirectoryOutbox.Appended appended;
            try {
                appended = outbox.append(message);
            } catch (DeviceClientException e) {
                return CompletableFuture.failedFuture(e);
            }
            stored = appended.entry();
            if (!appended.dropped().isEmpty()) {
                List<OutboxEntry> dropped = appended.dropped();
                loop.execute(() -> forgetDropped(dropped));
            }
        } else if (queued.incrementAndGet() > maxQueued) {
            queued.decrementAndGet();
            return CompletableFuture.failedFuture(new OutboxFullException(
                    "already " + maxQueued + " telemetry messages waiting for the hub"));
        }
        submitted.add(new Pending(message, done, stored));
        if (drainScheduled.compareAndSet(false, true)) {
            loop.execute(this::drain);
        }
        return done;
    }

    /** A new connection: what was in flight on the old one goes first, then the rest. */
    void linkUp(Link newLink) {
        link = newLink;
        paused = false;
        List<Pending> resend = new ArrayList<>(inFlight.values());
        inFlight.clear();
        for (int i = resend.size() - 1; i >= 0; i--) {
            waiting.addFirst(resend.get(i));
        }
        drain();
    }

    void linkDown() {
        link = null;
    }

    /** Stops sending new messages (before a token renewal) so that the in-flight ones can finish. */
    void pause() {
        paused = true;
    }

    boolean hasInFlight() {
        return !inFlight.isEmpty();
    }

    /** A PUBACK; false when it was for no message of ours. */
    boolean acknowledged(int packetId) {
        Pending pending = inFlight.remove(packetId);
        if (pending == null) {
            return false;
        }
        settle(pending);
        pending.done.complete(null);
        drain();
        return true;
    }

    /** A packet id free among the messages in flight (subscriptions use the same space). */
    int nextPacketId() {
        do {
            lastPacketId = lastPacketId % 65_535 + 1;
        } while (inFlight.containsKey(lastPacketId));
        return lastPacketId;
    }

    /** The client closed: every future still open fails; outboxed messages stay on disk for the next client. */
    void close() {
        closedWith = new DeviceClientException("the client was closed before the hub acknowledged the message"
                + (outbox == null ? "" : "; it stays in the outbox"));
        drainSubmitted();
        inFlight.values().forEach(pending -> pending.done.completeExceptionally(closedWith));
        waiting.forEach(pending -> pending.done.completeExceptionally(closedWith));
        inFlight.clear();
        waiting.clear();
        link = null;
    }

    private void drain() {
        drainScheduled.set(false);
        drainSubmitted();
        if (link == null || paused) {
            return;
        }
        boolean wrote = false;
        while (inFlight.size() < window && !waiting.isEmpty()) {
            Pending pending = waiting.poll();
            int packetId = nextPacketId();
            inFlight.put(packetId, pending);
            link.publish(TelemetryTopic.format(deviceId, moduleId, pending.message.topicProperties()),
                    MqttQoS.AT_LEAST_ONCE, packetId, pending.message.body(), pending.sentBefore);
            pending.sentBefore = true;
            wrote = true;
        }
        if (wrote) {
            link.flush();
        }
    }

    private void drainSubmitted() {
        Pending next;
        while ((next = submitted.poll()) != null) {
            if (closedWith != null) {
                next.done.completeExceptionally(closedWith);
            } else {
                waiting.add(next);
            }
        }
    }

    private void forgetDropped(List<OutboxEntry> dropped) {
        drainSubmitted();
        for (Iterator<Pending> it = waiting.iterator(); it.hasNext(); ) {
            Pending pending = it.next();
            if (pending.stored != null && dropped.contains(pending.stored)) {
                it.remove();
                pending.done.completeExceptionally(new OutboxFullException(
                        "dropped from the full outbox to make room for newer messages"));
            }
        }
    }

    private void settle(Pending pending) {
        if (pending.stored == null) {
            queued.decrementAndGet();
            return;
        }
        blocking.execute(() -> {
            try {
                outbox.remove(pending.stored);
            } catch (RuntimeException e) {
                errors.accept(new DeviceClientError(DeviceClientError.Kind.OUTBOX,
                        "a delivered message could not be deleted from the outbox and will be sent again: "
                                + e.getClass().getSimpleName()));
            }
        });
    }
}
