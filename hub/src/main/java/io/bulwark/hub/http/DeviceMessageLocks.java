package io.bulwark.hub.http;

import io.bulwark.hub.registry.IdentityId;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Cloud-to-device messages a device fetched over HTTPS and has not yet completed, rejected or abandoned. Each is
 * locked (invisible to further fetches) under a random token until its lock runs out, as in Azure's HTTPS device API.
 */
final class DeviceMessageLocks {

    static final Duration LOCK_TIME = Duration.ofMinutes(1);

    private record Lock(IdentityId device, String messageId, Instant until) {
    }

    private final Map<String, Lock> locks = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final Clock clock;

    DeviceMessageLocks(Clock clock) {
        this.clock = clock;
    }

    String lock(IdentityId device, String messageId) {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        String token = HexFormat.of().formatHex(bytes);
        locks.put(token, new Lock(device, messageId, clock.instant().plus(LOCK_TIME)));
        return token;
    }

    /** Message ids of the device that are locked right now. */
    Set<String> lockedFor(IdentityId device) {
        Instant now = clock.instant();
        locks.values().removeIf(lock -> !lock.until().isAfter(now));
        return locks.values().stream().filter(lock -> lock.device().equals(device)).map(Lock::messageId)
                .collect(Collectors.toSet());
    }

    /** Releases a lock held by {@code device}; empty when the token is unknown, expired or someone else's. */
    Optional<String> release(IdentityId device, String token) {
        Lock lock = locks.get(token);
        if (lock == null || !lock.device().equals(device) || !lock.until().isAfter(clock.instant())) {
            return Optional.empty();
        }
        locks.remove(token, lock);
        return Optional.of(lock.messageId());
    }
}
