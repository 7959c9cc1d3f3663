package io.bulwark.hub.http;

import io.bulwark.hub.stream.StoredMessage;
import io.bulwark.hub.stream.StreamPage;
import io.bulwark.hub.stream.StreamQuery;
import io.bulwark.hub.stream.Streams;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * One connected Server-Sent-Events reader. Its work (send what is new, or a keep-alive comment) runs on the shared
 * sender pool, one task at a time per reader; between tasks it waits on the stream's commit notification, holding no
 * thread. A failed write means the reader has gone: the stream ends and its slot is freed.
 */
final class EventStreamClient {

    private static final byte[] KEEP_ALIVE = ": keep-alive\n\n".getBytes(StandardCharsets.UTF_8);

    private final StreamQuery query;
    private final OutputStream out;
    private final Streams streams;
    private final StreamJson json;
    private final Executor senders;
    private final Consumer<EventStreamClient> onClose;
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean workPending = new AtomicBoolean();
    private final AtomicBoolean keepAliveDue = new AtomicBoolean();
    private volatile ScheduledFuture<?> keepAlive;
    private volatile CompletableFuture<Void> waiting;
    private long next;

    EventStreamClient(StreamQuery query, OutputStream out, Streams streams, StreamJson json, Executor senders,
                      Consumer<EventStreamClient> onClose) {
        this.query = query;
        this.out = out;
        this.streams = streams;
        this.json = json;
        this.senders = senders;
        this.onClose = onClose;
        this.next = query.fromOffset();
    }

    CompletableFuture<Void> closedFuture() {
        return closed;
    }

    void keepAlive(ScheduledFuture<?> ticks) {
        this.keepAlive = ticks;
    }

    void start() {
        schedule();
    }

    void tick() {
        keepAliveDue.set(true);
        schedule();
    }

    void close() {
        if (closed.isDone()) {
            return;
        }
        ScheduledFuture<?> ticks = keepAlive;
        if (ticks != null) {
            ticks.cancel(false);
        }
        CompletableFuture<Void> wait = waiting;
        if (wait != null) {
            wait.cancel(false);
        }
        onClose.accept(this);
        closed.complete(null);
    }

    /** Runs the reader's work soon; if it is running now, once more after it. */
    private void schedule() {
        workPending.set(true);
        if (closed.isDone() || !running.compareAndSet(false, true)) {
            return;
        }
        try {
            senders.execute(this::work);
        } catch (RejectedExecutionException e) {
            running.set(false);
            close();
        }
    }

    private void work() {
        try {
            while (workPending.getAndSet(false) && !closed.isDone()) {
                send();
            }
        } catch (IOException | RuntimeException gone) {
            close();
        } finally {
            running.set(false);
        }
        // A request that came while the loop was ending must not be lost.
        if (workPending.get() && !closed.isDone()) {
            schedule();
        }
    }

    private void send() throws IOException {
        if (keepAliveDue.getAndSet(false)) {
            out.write(KEEP_ALIVE);
            out.flush();
        }
        StreamPage page = streams.read(query.startingAt(next));
        if (page.skippedDeleted(query.startingAt(next))) {
            // Retention deleted what this reader had not read yet; its id makes a reconnect resume after the gap.
            out.write(EventStreams.event(page.firstOffset() - 1, "skipped", json.skipped(next, page.firstOffset())));
        }
        for (StoredMessage stored : page.messages()) {
            out.write(EventStreams.event(stored.offset(), "message", json.message(stored).toString()));
        }
        out.flush();
        long after = page.nextOffset(query.startingAt(next));
        next = after;
        if (page.messages().size() >= query.limit()) {
            workPending.set(true);
            return;
        }
        CompletableFuture<Void> wait = waiting;
        if (wait == null || wait.isDone()) {
            waiting = streams.awaitOffset(query.stream(), Math.max(after, page.lastOffset() + 1));
            waiting.thenRun(this::schedule);
        }
    }
}
