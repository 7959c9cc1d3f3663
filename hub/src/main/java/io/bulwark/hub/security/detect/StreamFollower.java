package io.bulwark.hub.security.detect;

import io.bulwark.hub.stream.ConsumerCursor;
import io.bulwark.hub.stream.ConsumerGroup;
import io.bulwark.hub.stream.MessageMetadata;
import io.bulwark.hub.stream.MetadataPage;
import io.bulwark.hub.stream.StoredMessage;
import io.bulwark.hub.stream.StreamName;
import io.bulwark.hub.stream.StreamPage;
import io.bulwark.hub.stream.StreamQuery;
import io.bulwark.hub.stream.Streams;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one stream after the fact, on its own thread, and hands each message to a handler: the detectors never sit
 * on the ingest path, and a slow rule delays alerts, never devices. The position is the stream's consumer group
 * {@value #GROUP} (visible like any other group), committed at most once a second, so a restart goes on where the
 * detectors stopped; a hub that never ran them starts at the stream's end rather than alerting on old history.
 *
 * <p>When messages arrive continuously the follower lingers {@link #LINGER} after a page that was not full before
 * reading again, so that it reads the stream in pages of many messages rather than one read per message or two (under
 * C2D load the audit stream's follower spent 8% of the hub's CPU reading one record at a time). The first message
 * after a quiet spell is read as soon as it is stored; later ones reach the detectors at most {@link #LINGER} later,
 * well within the seconds S-MON-1 allows for an alert.
 */
public final class StreamFollower<T> implements AutoCloseable {

    /** One read of the stream: its messages (in offset order) and the offset to ask for next. */
    private record Batch<M>(List<M> messages, long nextOffset) {
    }

    public static final String GROUP = "bulwark-detectors";
    private static final Logger LOG = LoggerFactory.getLogger(StreamFollower.class);
    private static final int BATCH = 500;
    private static final Duration COMMIT_EVERY = Duration.ofSeconds(1);
    private static final Duration IDLE_WAIT = Duration.ofSeconds(1);
    /** How long the follower lets messages gather after a page that was not full (bounded, see the class comment). */
    static final Duration LINGER = Duration.ofMillis(200);

    /** The wait between a page that was not full and the next read; a test may hold it to see what gathers. */
    interface Linger {
        void pause() throws InterruptedException;
    }

    private final Streams streams;
    private final StreamName stream;
    private final Function<StreamQuery, Batch<T>> reader;
    private final ToLongFunction<T> offsetOf;
    private final Consumer<List<T>> handler;
    private final Clock clock;
    private final ConsumerGroup group = new ConsumerGroup(GROUP);
    private final Thread thread;
    private Linger linger = () -> Thread.sleep(LINGER.toMillis());
    private volatile boolean running = true;
    private volatile long next;
    private long committed;
    private Instant lastCommit = Instant.EPOCH;

    private StreamFollower(Streams streams, StreamName stream, Function<StreamQuery, Batch<T>> reader,
                           ToLongFunction<T> offsetOf, Consumer<List<T>> handler, Clock clock) {
        this.streams = streams;
        this.stream = stream;
        this.reader = reader;
        this.offsetOf = offsetOf;
        this.handler = handler;
        this.clock = clock;
        this.next = streams.cursors().find(stream, group).map(ConsumerCursor::offset)
                .orElseGet(() -> streams.read(StreamQuery.from(stream, Long.MAX_VALUE, 1)).lastOffset() + 1);
        this.committed = next;
        this.thread = new Thread(this::run, "bulwark-detect-" + stream.wireName());
        thread.setDaemon(true);
    }

    /** A follower whose handler sees whole messages, bodies included (security events, audit entries). */
    public static StreamFollower<StoredMessage> ofMessages(Streams streams, StreamName stream,
                                                           Consumer<List<StoredMessage>> handler, Clock clock) {
        return new StreamFollower<>(streams, stream, query -> {
            StreamPage page = streams.read(query);
            return new Batch<>(page.messages(), page.nextOffset(query));
        }, StoredMessage::offset, handler, clock);
    }

    /**
     * A follower whose handler sees only offset, device, time and size: the telemetry stream is the one devices
     * write flat out, and reading its bodies back would cost ingest a good part of its throughput.
     */
    public static StreamFollower<MessageMetadata> ofMetadata(Streams streams, StreamName stream,
                                                             Consumer<List<MessageMetadata>> handler, Clock clock) {
        return new StreamFollower<>(streams, stream, query -> {
            MetadataPage page = streams.readMetadata(query);
            return new Batch<>(page.messages(), page.nextOffset(query));
        }, MessageMetadata::offset, handler, clock);
    }

    /** Replaces the linger before {@link #start}: tests hold it to see what gathers meanwhile. */
    StreamFollower<T> lingeringWith(Linger pause) {
        this.linger = pause;
        return this;
    }

    public StreamFollower<T> start() {
        thread.start();
        return this;
    }

    /** The next offset this follower will read: everything before it has been through the detectors. */
    public long position() {
        return next;
    }

    private void run() {
        while (running) {
            try {
                Batch<T> page = reader.apply(StreamQuery.from(stream, next, BATCH));
                if (!page.messages().isEmpty()) {
                    handle(page.messages());
                }
                next = page.nextOffset();
                commitNow(false);
                if (page.messages().isEmpty()) {
                    await(next);
                } else if (page.messages().size() < BATCH) {
                    linger.pause();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                LOG.warn("{} detectors failed to read the stream, retrying: {}", stream.wireName(),
                        e.getClass().getSimpleName());
                sleepQuietly();
            }
        }
    }

    /** A page that fails as a whole (the alerts store unavailable) is skipped, not retried forever. */
    private void handle(List<T> page) {
        try {
            handler.accept(page);
        } catch (RuntimeException e) {
            LOG.warn("{} detectors failed on offsets {} to {}: {}", stream.wireName(),
                    offsetOf.applyAsLong(page.get(0)), offsetOf.applyAsLong(page.get(page.size() - 1)),
                    e.getClass().getName());
        }
    }

    private void await(long offset) throws InterruptedException {
        CompletableFuture<Void> arrival = streams.awaitOffset(stream, offset);
        try {
            arrival.get(IDLE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            arrival.cancel(false);
        } catch (java.util.concurrent.ExecutionException e) {
            sleepQuietly();
        }
    }

    private void commitNow(boolean force) {
        Instant now = clock.instant();
        if (next == committed || (!force && now.isBefore(lastCommit.plus(COMMIT_EVERY)))) {
            return;
        }
        streams.cursors().save(new ConsumerCursor(stream, group, next, now.truncatedTo(ChronoUnit.MILLIS)));
        committed = next;
        lastCommit = now;
    }

    private static void sleepQuietly() {
        try {
            Thread.sleep(IDLE_WAIT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(5000);
            commitNow(true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.warn("{} detectors could not commit their position: {}", stream.wireName(),
                    e.getClass().getSimpleName());
        }
    }
}
