package io.bulwark.hub.auth;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The shared access policies kept in memory for the request path: every service request names its policy, and
 * reading it from storage each time cost a query and two key decryptions per request. Policies change only through
 * this hub ({@link #save}), so reads are served from a snapshot that each write replaces: a write goes to the store
 * first and, whatever its outcome, makes the snapshot stale, so the next request already sees the new keys and
 * permissions (a regenerated key refuses the old one's tokens at once).
 */
public final class CachedPolicyRepository implements PolicyRepository {

    private final PolicyRepository store;
    /** Counts writes, so that a snapshot read while a write happened is not kept as current. */
    private final AtomicLong writes = new AtomicLong();
    private volatile Snapshot snapshot;

    private record Snapshot(long writes, Map<String, AccessPolicy> byName) {
    }

    public CachedPolicyRepository(PolicyRepository store) {
        this.store = store;
    }

    @Override
    public List<AccessPolicy> all() {
        return List.copyOf(current().byName().values());
    }

    @Override
    public Optional<AccessPolicy> find(String name) {
        return Optional.ofNullable(current().byName().get(name));
    }

    @Override
    public void save(AccessPolicy policy) {
        try {
            store.save(policy);
        } finally {
            writes.incrementAndGet();
        }
    }

    private Snapshot current() {
        long now = writes.get();
        Snapshot current = snapshot;
        if (current != null && current.writes() == now) {
            return current;
        }
        Map<String, AccessPolicy> byName = new LinkedHashMap<>();
        for (AccessPolicy policy : store.all()) {
            byName.put(policy.name(), policy);
        }
        Snapshot read = new Snapshot(now, Collections.unmodifiableMap(byName));
        snapshot = read;
        return read;
    }
}
