package io.bulwark.hub.registry;

import java.time.Instant;
import java.util.Map;

/**
 * When each SAS identity's keys were last set (created, regenerated, replaced by an update or an import), for the fleet
 * audit's key-age check (S-MON-3). Written after the identity itself; a crash in between leaves the older time, which
 * can only make a key look older than it is, never younger.
 */
public interface KeyRotations {

    void keysSet(IdentityId id, Instant at);

    /** Forgets a deleted identity (and, for a device, its modules). */
    void forget(IdentityId id);

    /** Every recorded time, by identity. */
    Map<IdentityId, Instant> all();
}
