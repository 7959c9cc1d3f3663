package io.bulwark.hub.auth;

import io.bulwark.hub.registry.IdentityId;
import java.time.Instant;
import java.util.Objects;

/**
 * A device (or module) whose credentials were verified at connect.
 *
 * @param credentialExpiry when the proof stops being valid: the connection must close then (S-AUTH-4)
 */
public record AuthenticatedDevice(IdentityId id, Instant credentialExpiry) {
    public AuthenticatedDevice {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(credentialExpiry, "credentialExpiry");
    }
}
