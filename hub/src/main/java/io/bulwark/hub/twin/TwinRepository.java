package io.bulwark.hub.twin;

import io.bulwark.hub.registry.IdentityId;
import java.util.Optional;

/** Storage port of device twins. Deleting an identity deletes its twin with it (the registry store does that). */
public interface TwinRepository {

    Optional<Twin> find(IdentityId id);

    /** Creates or replaces the twin; durable on return. */
    void save(Twin twin);
}
