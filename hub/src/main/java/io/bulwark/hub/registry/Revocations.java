package io.bulwark.hub.registry;

import io.bulwark.hub.audit.Actor;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Tells the transports that an identity's credentials stopped being good (disabled, deleted, key replaced), so they
 * close its live connections at once (S-AUTH-6). Transports subscribe when they start.
 */
public final class Revocations {

    private final List<Consumer<IdentityId>> listeners = new CopyOnWriteArrayList<>();
    private final List<BiConsumer<Actor, IdentityId>> deletionListeners = new CopyOnWriteArrayList<>();

    public void subscribe(Consumer<IdentityId> listener) {
        listeners.add(listener);
    }

    /**
     * Deletion is final, unlike disabling: credentials bound to the identity by name (certificates the hub issued
     * with CN = device id) must die with it, or a device re-created under the same id would accept them.
     */
    public void subscribeDeletions(BiConsumer<Actor, IdentityId> listener) {
        deletionListeners.add(listener);
    }

    /** Called after {@link #revoke}: live connections are closed first. */
    void deleted(Actor actor, IdentityId id) {
        deletionListeners.forEach(listener -> listener.accept(actor, id));
    }

    /** For a device, its modules are revoked with it: listeners treat a device id as covering its modules. */
    void revoke(IdentityId id) {
        listeners.forEach(listener -> listener.accept(id));
    }
}
