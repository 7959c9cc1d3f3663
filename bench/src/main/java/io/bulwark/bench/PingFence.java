package io.bulwark.bench;

import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The end of a QoS 0 phase: a PINGREQ on every connection after its last PUBLISH. A broker reads a connection in
 * order, so a PINGRESP proves that every message written before it was read; only those messages count as read. A
 * connection that has not answered within the bound (the broker still has its backlog in socket buffers) or was
 * closed proves nothing, and its messages are not counted: then the figure is a lower bound and says so, never what
 * the driver merely wrote.
 */
final class PingFence {

    /**
     * @param read       messages proven read: those written before the PINGREQ of each connection that answered
     * @param written    messages written on all connections in the phase
     * @param answered   connections whose PINGRESP came back
     * @param seconds    from the phase's start until the last PINGRESP, or until the bound if some are missing
     */
    record Outcome(long read, long written, int answered, int connections, double seconds, int boundSeconds) {

        boolean complete() {
            return answered == connections;
        }

        double readPerSecond() {
            return read / seconds;
        }

        /** Empty when every connection answered; else why the figure is only a lower bound. */
        String note() {
            if (complete()) {
                return "";
            }
            return String.format(Locale.ROOT, "; LOWER BOUND: %d of %d connections answered their PINGREQ within"
                    + " %d s; only their %d of %d messages are counted as read", answered, connections, boundSeconds,
                    read, written);
        }
    }

    private PingFence() {
    }

    /** Pings every connection and waits at most {@code boundSeconds} for the answers. */
    static Outcome await(List<DeviceConnection> connections, long startNanos, int boundSeconds, long written)
            throws InterruptedException {
        AtomicLong lastAnswer = new AtomicLong(startNanos);
        List<CompletableFuture<Long>> pings = connections.stream().map(c -> c.ping().whenComplete((n, failure) -> {
            if (failure == null) {
                lastAnswer.accumulateAndGet(System.nanoTime(), Math::max);
            }
        })).toList();
        try {
            CompletableFuture.allOf(pings.stream().map(p -> p.exceptionally(closed -> null))
                    .toArray(CompletableFuture[]::new)).get(boundSeconds, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            // Counted below: those that answered in time.
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e);
        }
        long end = System.nanoTime();
        List<OptionalLong> answers = pings.stream().map(p -> p.isDone() && !p.isCompletedExceptionally()
                ? OptionalLong.of(p.join()) : OptionalLong.empty()).toList();
        return summarize(answers, written, startNanos, lastAnswer.get(), end, boundSeconds);
    }

    /** The outcome from each connection's answer (empty: none) and the times of the last answer and of the end. */
    static Outcome summarize(List<OptionalLong> answers, long written, long startNanos, long lastAnswerNanos,
                             long endNanos, int boundSeconds) {
        long read = 0;
        int answered = 0;
        for (OptionalLong answer : answers) {
            if (answer.isPresent()) {
                read += answer.getAsLong();
                answered++;
            }
        }
        long until = answered == answers.size() ? lastAnswerNanos : endNanos;
        return new Outcome(read, Math.max(written, read), answered, answers.size(),
                Math.max(1e-3, (until - startNanos) / 1e9), boundSeconds);
    }
}
