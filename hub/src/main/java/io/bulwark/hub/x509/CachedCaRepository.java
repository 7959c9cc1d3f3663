package io.bulwark.hub.x509;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The registered CAs kept in memory for the connect path: every X.509 connect looks at all of them, and they change
 * only through this hub's REST API, so reads are served from a snapshot that each write replaces. Writes go to the
 * store first; each write, whatever its outcome, makes the snapshot stale, and the next read loads it again.
 */
public final class CachedCaRepository implements CaRepository {

    private final CaRepository store;
    /** Counts writes, so that a list read while a write happened is not kept as current. */
    private final AtomicLong writes = new AtomicLong();
    private volatile Snapshot snapshot;

    private record Snapshot(long writes, List<RegisteredCa> cas) {
    }

    public CachedCaRepository(CaRepository store) {
        this.store = store;
    }

    @Override
    public boolean insert(RegisteredCa ca) {
        try {
            return store.insert(ca);
        } finally {
            writes.incrementAndGet();
        }
    }

    @Override
    public boolean replace(RegisteredCa ca, String expectedEtag) {
        try {
            return store.replace(ca, expectedEtag);
        } finally {
            writes.incrementAndGet();
        }
    }

    @Override
    public Optional<RegisteredCa> find(String name) {
        return list().stream().filter(ca -> ca.name().equals(name)).findFirst();
    }

    @Override
    public List<RegisteredCa> list() {
        long now = writes.get();
        Snapshot current = snapshot;
        if (current != null && current.writes() == now) {
            return current.cas();
        }
        List<RegisteredCa> read = List.copyOf(store.list());
        snapshot = new Snapshot(now, read);
        return read;
    }

    @Override
    public boolean delete(String name) {
        try {
            return store.delete(name);
        } finally {
            writes.incrementAndGet();
        }
    }
}
