package io.bulwark.hub.mqtt;

import io.bulwark.hub.registry.IdentityId;
import io.netty.channel.Channel;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The live MQTT connection of each identity. One connection per identity: a newer one takes over and the older is
 * closed (PROTOCOL.md), which is also what a cloned credential looks like, so the caller records it.
 */
final class ConnectedDevices {

    private final ConcurrentMap<IdentityId, Channel> live = new ConcurrentHashMap<>();

    /** Registers {@code channel} for {@code id}; returns the connection it replaced, already asked to close. */
    Optional<Channel> takeOver(IdentityId id, Channel channel) {
        Channel previous = live.put(id, channel);
        if (previous != null && previous != channel) {
            previous.close();
            return Optional.of(previous);
        }
        return Optional.empty();
    }

    /** Forgets {@code channel} if it is still the identity's live one; false when a newer one took over. */
    boolean remove(IdentityId id, Channel channel) {
        return live.remove(id, channel);
    }

    Optional<Channel> channel(IdentityId id) {
        return Optional.ofNullable(live.get(id)).filter(Channel::isActive);
    }

    boolean isConnected(IdentityId id) {
        Channel channel = live.get(id);
        return channel != null && channel.isActive();
    }

    /** Closes the identity's live connection, and for a device those of its modules too (revocation). */
    void disconnect(IdentityId id) {
        // Only closed here: the session's close handling forgets the channel and records the disconnect.
        live.forEach((liveId, channel) -> {
            if (liveId.equals(id) || (!id.isModule() && liveId.deviceId().equals(id.deviceId()))) {
                channel.close();
            }
        });
    }

    /** Closes every live connection the test picks (certificate revocation). */
    void disconnectWhere(java.util.function.Predicate<Channel> test) {
        live.values().forEach(channel -> {
            if (test.test(channel)) {
                channel.close();
            }
        });
    }

    int count() {
        return live.size();
    }
}
