package io.bulwark.hub.http;

import io.bulwark.hub.HubException;
import io.bulwark.hub.stream.StreamPage;
import io.bulwark.hub.stream.StreamQuery;
import io.bulwark.hub.stream.Streams;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.server.HttpChannel;
import org.eclipse.jetty.server.Request;

/**
 * Answers a stream read at once, or as a long-poll: when nothing at the asked offset exists yet and the reader said
 * {@code wait}, the request is suspended (no Jetty thread held) until the stream writer commits a batch that holds
 * a match, or until the deadline, when the answer is an empty page. Waiting reads are bounded hub-wide.
 */
final class StreamReads {

    private final Streams streams;
    private final StreamJson json;
    private final Executor readers;
    private final Semaphore longPolls;
    private final int maxLongPolls;
    private final Map<CompletableFuture<StreamPage>, StreamPage> pending = new ConcurrentHashMap<>();

    StreamReads(Streams streams, StreamJson json, Executor readers, int maxLongPolls) {
        this.streams = streams;
        this.json = json;
        this.readers = readers;
        this.longPolls = new Semaphore(maxLongPolls);
        this.maxLongPolls = maxLongPolls;
    }

    void answer(Context ctx, StreamQuery query, Duration wait) {
        StreamPage page = streams.read(query);
        if (!page.messages().isEmpty() || wait.isZero()) {
            json.page(ctx, query, page);
            return;
        }
        if (!longPolls.tryAcquire()) {
            ctx.header("Retry-After", "1");
            throw new HubException.LimitExceeded("long-poll-limit", maxLongPolls
                    + " long-poll reads are waiting already; retry, or read without wait");
        }
        HttpChannel channel = Request.getBaseRequest(ctx.req()).getHttpChannel();
        long idleTimeout = channel.getIdleTimeout();
        // The connection's idle timeout would end a quiet wait early; it is lifted for this request only.
        channel.setIdleTimeout(Math.max(idleTimeout, wait.toMillis() + idleTimeout));
        long deadline = System.nanoTime() + wait.toNanos();
        CompletableFuture<StreamPage> answer = new CompletableFuture<>();
        pending.put(answer, page);
        awaitPage(query, page, deadline).whenComplete((found, failure) -> {
            if (failure != null) {
                answer.completeExceptionally(failure);
            } else {
                answer.complete(found);
            }
        });
        ctx.future(() -> answer
                .thenAccept(found -> json.page(ctx, query, found))
                .whenComplete((ignored, failure) -> {
                    pending.remove(answer);
                    channel.setIdleTimeout(idleTimeout);
                    longPolls.release();
                }));
    }

    /** Answers every waiting long-poll now, with what it has (nothing): the hub is stopping. */
    void answerAllNow() {
        pending.forEach((answer, seen) -> answer.completeAsync(() -> seen, readers));
    }

    private CompletableFuture<StreamPage> awaitPage(StreamQuery query, StreamPage seen, long deadline) {
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0) {
            return CompletableFuture.completedFuture(seen);
        }
        long watch = Math.max(query.fromOffset(), seen.lastOffset() + 1);
        return streams.awaitOffset(query.stream(), watch)
                .orTimeout(remaining, TimeUnit.NANOSECONDS)
                .handleAsync((woken, timedOut) -> {
                    StreamPage page = streams.read(query);
                    // Woken by another device's message when filtering by device: wait on for the rest of the time.
                    return !page.messages().isEmpty() || timedOut != null ? CompletableFuture.completedFuture(page)
                            : awaitPage(query, page, deadline);
                }, readers)
                .thenCompose(next -> next);
    }

    /** Long-poll reads waiting now. */
    int waiting() {
        return maxLongPolls - longPolls.availablePermits();
    }
}
