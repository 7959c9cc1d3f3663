package io.bulwark.hub.mqtt;

import io.netty.channel.Channel;
import java.util.EnumSet;

/**
 * Whether the hub reads a device's connection. Several parts of the session may need it paused for their own reason;
 * it reads again only once none does, so that one resuming cannot undo another's pause. Lives on the connection's
 * event loop.
 */
final class ReadGate {

    enum Reason {
        /** The device is over its message or byte rate (S-DOS-3). */
        RATE,
        /** Too many of the device's messages are still waiting to be made durable (the in-flight window). */
        DURABILITY,
        /** The stream writer's queue was full: a message waits to be offered again. */
        STORE
    }

    private final Channel channel;
    private final EnumSet<Reason> paused = EnumSet.noneOf(Reason.class);

    ReadGate(Channel channel) {
        this.channel = channel;
    }

    void pause(Reason reason) {
        if (paused.add(reason) && paused.size() == 1) {
            channel.config().setAutoRead(false);
        }
    }

    void resume(Reason reason) {
        if (paused.remove(reason) && paused.isEmpty()) {
            channel.config().setAutoRead(true);
        }
    }

    boolean isPaused(Reason reason) {
        return paused.contains(reason);
    }

    /**
     * Whether the hub itself stopped reading: then a silent connection is not idle, its packets (PINGREQs too) wait
     * in TCP for the hub to read them.
     */
    boolean isPaused() {
        return !paused.isEmpty();
    }
}
