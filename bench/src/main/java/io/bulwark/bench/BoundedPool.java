package io.bulwark.bench;

import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A fixed set of members (the driver's REST connections) handed out one caller at a time: {@link #acquire} completes
 * at once with an idle member, or later, in arrival order, when one is released. Nothing is ever opened beyond the
 * set, so a slow broker makes the driver's queue grow, not its connection count. Idle members are handed out in turn
 * (first released, first out), so every connection keeps being used and none idles long enough to be closed.
 */
final class BoundedPool<C> {

    private final int size;
    private final ArrayDeque<C> idle;
    private final ArrayDeque<CompletableFuture<C>> waiting = new ArrayDeque<>();
    private long queued;
    private int mostWaiting;

    BoundedPool(List<C> members) {
        if (members.isEmpty()) {
            throw new IllegalArgumentException("a pool needs at least one member");
        }
        this.size = members.size();
        this.idle = new ArrayDeque<>(members);
    }

    /** A member for one request; the caller must {@link #release} it once the answer is complete. */
    synchronized CompletableFuture<C> acquire() {
        C member = idle.poll();
        if (member != null) {
            return CompletableFuture.completedFuture(member);
        }
        CompletableFuture<C> turn = new CompletableFuture<>();
        waiting.add(turn);
        queued++;
        mostWaiting = Math.max(mostWaiting, waiting.size());
        return turn;
    }

    /** Gives {@code member} to the longest waiting caller, or back to the idle ones. */
    void release(C member) {
        CompletableFuture<C> next;
        synchronized (this) {
            next = waiting.poll();
            if (next == null) {
                if (idle.size() >= size) {
                    throw new IllegalStateException("released more often than acquired");
                }
                idle.add(member);
                return;
            }
        }
        // Completed outside the lock: the waiter's request starts on this thread.
        next.complete(member);
    }

    int size() {
        return size;
    }

    synchronized int idle() {
        return idle.size();
    }

    synchronized int waiting() {
        return waiting.size();
    }

    /** How many acquires so far had to wait for a member, and the longest the queue has been. */
    synchronized Queueing queueing() {
        return new Queueing(queued, mostWaiting);
    }

    record Queueing(long queued, int mostWaiting) {
    }
}
