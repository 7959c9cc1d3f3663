package io.bulwark.hub.registry;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Who is connected, since when, from where, and when each identity was last heard from. Kept in memory by the node
 * that holds the connections; transports report, the REST API shows it on the device.
 */
public final class DevicePresence {

    /**
     * @param connected    whether a live connection exists now
     * @param source       the remote address of the latest connection
     * @param lastActivity the latest packet from the identity
     */
    public record Presence(boolean connected, String source, Instant connectedSince, Instant lastActivity) {
    }

    /** Told of each accepted connection on the transport's thread: must only hand it on (a bounded queue). */
    @FunctionalInterface
    public interface ConnectListener {
        void connected(IdentityId id, String source, Instant time);
    }

    private final ConcurrentMap<IdentityId, Presence> presence = new ConcurrentHashMap<>();
    private final java.util.List<ConnectListener> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Clock clock;

    public DevicePresence(Clock clock) {
        this.clock = clock;
    }

    public void connected(IdentityId id, String source) {
        Instant now = now();
        presence.put(id, new Presence(true, source, now, now));
        for (ConnectListener listener : listeners) {
            listener.connected(id, source, now);
        }
    }

    public void subscribeConnects(ConnectListener listener) {
        listeners.add(listener);
    }

    /** Cheap enough for every packet: one map update, no I/O. */
    public void active(IdentityId id) {
        presence.computeIfPresent(id, (key, current) ->
                new Presence(current.connected(), current.source(), current.connectedSince(), now()));
    }

    public void disconnected(IdentityId id) {
        presence.computeIfPresent(id, (key, current) ->
                new Presence(false, current.source(), current.connectedSince(), current.lastActivity()));
    }

    public Optional<Presence> of(IdentityId id) {
        return Optional.ofNullable(presence.get(id));
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
