package io.bulwark.hub.security.posture;

import io.bulwark.hub.audit.Actor;
import io.bulwark.hub.registry.IdentityId;

/**
 * S-DATA-3: a deleted device's latest posture and its findings go with it, so a new device registered under the same
 * id starts with none. Subscribed to the registry's deletions; the deletion itself is the audit record. Postures are
 * per device, so deleting a module leaves its device's posture alone.
 */
public final class DeletedDevicePostures {

    private final PostureRepository repository;

    public DeletedDevicePostures(PostureRepository repository) {
        this.repository = repository;
    }

    public void deleted(Actor actor, IdentityId id) {
        if (!id.isModule()) {
            repository.forget(id.deviceId());
        }
    }
}
