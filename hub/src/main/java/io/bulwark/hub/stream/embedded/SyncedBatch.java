package io.bulwark.hub.stream.embedded;

import io.bulwark.hub.stream.StreamName;
import io.bulwark.hub.stream.StreamWaiters;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * A batch the stream writer committed: its appends complete with their offsets, and the readers waiting for them
 * wake, once {@link WalSync} has synced it.
 */
final class SyncedBatch implements WalSync.Pending {

    private final List<CompletableFuture<Long>> appends;
    private final long[] assigned;
    private final Map<StreamName, Long> written;
    private final StreamWaiters waiters;

    /** {@code assigned[i]} is the offset of {@code appends.get(i)}; {@code written} the newest offset per stream. */
    SyncedBatch(List<CompletableFuture<Long>> appends, long[] assigned, Map<StreamName, Long> written,
                StreamWaiters waiters) {
        this.appends = List.copyOf(appends);
        this.assigned = assigned;
        this.written = written;
        this.waiters = waiters;
    }

    @Override
    public void durable() {
        for (int i = 0; i < appends.size(); i++) {
            appends.get(i).complete(assigned[i]);
        }
        written.forEach(waiters::committed);
    }

    @Override
    public void lost(IOException failure) {
        appends.forEach(append -> append.completeExceptionally(failure));
    }
}
