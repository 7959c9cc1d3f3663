package io.bulwark.hub.registry;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Tells the transports that an identity's credentials stopped being good (disabled, deleted, key replaced), so they
 * close its live connections at once (S-AUTH-6). Transports subscribe when they start.
 */
public final class Revocations {

    private final List<Consumer<IdentityId>> listeners = new CopyOnWriteArrayList<>();

    public void subscribe(Consumer<IdentityId> listener) {
        listeners.add(listener);
    }

    /** For a device, its modules are revoked with it: listeners treat a device id as covering its modules. */
    void revoke(IdentityId id) {
        listeners.forEach(listener -> listener.accept(id));
    }
}
