package io.bulwark.hub.stream;

import java.util.EnumMap;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Readers waiting for a stream to reach an offset (long-poll, Server-Sent Events), woken when the stream writer has
 * committed a batch. A waiting reader costs a queued future, never a thread. Futures are completed on
 * {@code completions}, never on the writer's thread, so no reader can slow down ingest.
 */
public final class StreamWaiters {

    private record Waiter(long offset, CompletableFuture<Void> woken) {
    }

    private final Map<StreamName, Queue<Waiter>> waiting = new EnumMap<>(StreamName.class);
    private final Map<StreamName, AtomicLong> committed = new EnumMap<>(StreamName.class);
    private final Executor completions;

    public StreamWaiters(Map<StreamName, Long> lastOffsets, Executor completions) {
        this.completions = completions;
        for (StreamName stream : StreamName.values()) {
            waiting.put(stream, new ConcurrentLinkedQueue<>());
            committed.put(stream, new AtomicLong(lastOffsets.getOrDefault(stream, 0L)));
        }
    }

    /**
     * Completes once {@code stream} holds a message at {@code offset} or later (at once if it does already). A caller
     * that gives up cancels or times out the future; it then leaves the queue.
     */
    public CompletableFuture<Void> await(StreamName stream, long offset) {
        CompletableFuture<Void> woken = new CompletableFuture<>();
        Waiter waiter = new Waiter(offset, woken);
        Queue<Waiter> queue = waiting.get(stream);
        queue.add(waiter);
        woken.whenComplete((ignored, failure) -> queue.remove(waiter));
        // Checked after queueing: either the writer's next wake-up sees this waiter or this check sees its commit.
        if (committed.get(stream).get() >= offset) {
            woken.complete(null);
        }
        return woken;
    }

    /** Called by the writer after a commit that made {@code lastOffset} the newest offset of {@code stream}. */
    public void committed(StreamName stream, long lastOffset) {
        committed.get(stream).accumulateAndGet(lastOffset, Math::max);
        Queue<Waiter> queue = waiting.get(stream);
        if (queue.isEmpty()) {
            return;
        }
        for (Waiter waiter : queue) {
            // Removing first means each waiter is woken once, however many batches commit before it runs.
            if (waiter.offset() <= lastOffset && queue.remove(waiter)) {
                completions.execute(() -> waiter.woken().complete(null));
            }
        }
    }

    /** Readers waiting now on {@code stream}. */
    public int waiting(StreamName stream) {
        return waiting.get(stream).size();
    }
}
