package io.bulwark.hub.security.posture;

import io.bulwark.hub.stream.ConsumerCursor;
import io.bulwark.hub.stream.ConsumerGroup;
import io.bulwark.hub.stream.StoredMessage;
import io.bulwark.hub.stream.StreamName;
import io.bulwark.hub.stream.StreamPage;
import io.bulwark.hub.stream.StreamQuery;
import io.bulwark.hub.stream.Streams;
import io.bulwark.protocol.security.PostureSnapshot;
import io.bulwark.protocol.security.SecurityEvent;
import io.bulwark.protocol.security.SecurityEventCodec;
import io.bulwark.protocol.security.SecurityEventFormatException;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the {@code security} stream as the consumer group {@value #GROUP}, on its own thread and never on the ingest
 * path: devices are acknowledged once their message is durable, whatever this follower does with it. Posture snapshots
 * go to the {@link PostureChecker}; other events are skipped. The cursor is committed after each page, so a restart
 * goes on where it stopped (a page may be checked twice, which only refreshes the same findings).
 */
public final class PostureFollower implements AutoCloseable {

    public static final String GROUP = "bulwark-posture";
    private static final int PAGE = 200;
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final Duration PAUSE_AFTER_FAILURE = Duration.ofSeconds(1);
    private static final Logger LOG = LoggerFactory.getLogger(PostureFollower.class);

    private final Streams streams;
    private final PostureChecker checker;
    private final SecurityEventCodec codec;
    private final Clock clock;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile CompletableFuture<Void> waiting;

    public PostureFollower(Streams streams, PostureChecker checker, SecurityEventCodec codec, Clock clock) {
        this.streams = streams;
        this.checker = checker;
        this.codec = codec;
        this.clock = clock;
        this.thread = new Thread(this::run, "bulwark-posture");
        thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    private void run() {
        ConsumerGroup group = new ConsumerGroup(GROUP);
        long next = streams.cursors().find(StreamName.SECURITY, group).map(ConsumerCursor::offset).orElse(1L);
        while (running) {
            try {
                StreamQuery query = StreamQuery.from(StreamName.SECURITY, next, PAGE);
                StreamPage page = streams.read(query);
                page.messages().forEach(this::handle);
                long after = page.nextOffset(query);
                if (after != next) {
                    next = after;
                    streams.cursors().save(new ConsumerCursor(StreamName.SECURITY, group, next,
                            clock.instant().truncatedTo(ChronoUnit.MILLIS)));
                }
                if (page.messages().isEmpty()) {
                    awaitOffset(next);
                }
            } catch (RuntimeException e) {
                if (running) {
                    LOG.warn("posture follower failed, retrying: {}", e.getClass().getSimpleName());
                    pause();
                }
            }
        }
    }

    private void handle(StoredMessage stored) {
        SecurityEvent event;
        try {
            event = codec.decode(stored.message().body());
        } catch (SecurityEventFormatException | IllegalArgumentException | NullPointerException malformed) {
            // The ingest path takes any body; a malformed one is the detectors' concern, not a posture.
            return;
        }
        if (event.detail() instanceof PostureSnapshot snapshot && stored.message().moduleId() == null) {
            checker.check(new StoredPosture(stored.message().deviceId(), stored.offset(),
                    stored.message().enqueuedTime(), event.time(), snapshot));
        }
    }

    private void awaitOffset(long offset) {
        CompletableFuture<Void> future = streams.awaitOffset(StreamName.SECURITY, offset);
        waiting = future;
        try {
            future.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        } catch (ExecutionException | java.util.concurrent.CancellationException e) {
            // Cancelled by close(), or the stream is closing: the loop checks running.
        }
    }

    private void pause() {
        try {
            Thread.sleep(PAUSE_AFTER_FAILURE.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    @Override
    public void close() {
        running = false;
        CompletableFuture<Void> current = waiting;
        if (current != null) {
            current.cancel(false);
        }
        thread.interrupt();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
