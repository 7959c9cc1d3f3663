package io.bulwark.hub.stream.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import io.bulwark.hub.stream.StreamMessage;
import io.bulwark.hub.stream.StreamName;
import io.bulwark.hub.stream.StreamOverloadedException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * S-DOS-3: the messages waiting for the stream writer are bounded in bytes as well as in count, a refused caller is
 * woken once the writer has room again, and what the writer accepted is stored.
 */
class StreamWriterBackpressureTest {

    private static final Instant NOW = Instant.parse("2026-12-02T07:00:00Z");
    private static final int MIB = 1024 * 1024;

    @TempDir
    Path dir;

    @Test
    void largeMessagesAreRefusedOnceTheirBytesFillTheQueueAndTheRefusedAreWokenWhenItDrains() throws Exception {
        byte[] body = new byte[MIB];
        int appended = 40;
        try (SqliteStreams streams = SqliteStreams.open(dir.resolve("streams.db"));
             Connection other = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("streams.db"));
             Statement lock = other.createStatement()) {
            // Holds the write lock: the writer takes at most one batch off the queue, then waits for it.
            lock.execute("BEGIN EXCLUSIVE");
            List<CompletableFuture<Long>> accepted = new ArrayList<>();
            int refused = 0;
            for (int i = 0; i < appended; i++) {
                CompletableFuture<Long> append = streams.append(StreamName.TELEMETRY,
                        new StreamMessage("d1", null, NOW, "mqtt", Map.of(), body));
                if (append.isCompletedExceptionally()) {
                    assertThat(append.handle((offset, failure) -> failure).join())
                            .isInstanceOf(StreamOverloadedException.class);
                    refused++;
                } else {
                    accepted.add(append);
                }
            }
            long bound = SqliteStreams.QUEUE_BYTES / MIB;
            assertThat(accepted.size()).as("one batch taken by the writer, and the queue's bytes")
                    .isLessThanOrEqualTo((int) (2 * bound));
            assertThat(refused).isEqualTo(appended - accepted.size()).isPositive();
            CountDownLatch woken = new CountDownLatch(1);
            streams.whenAccepting(woken::countDown);
            assertThat(woken.getCount()).as("not while the writer is held up").isEqualTo(1);

            lock.execute("COMMIT");
            assertThat(woken.await(30, TimeUnit.SECONDS)).isTrue();
            CompletableFuture.allOf(accepted.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
            assertThat(streams.read(StreamName.TELEMETRY, 1, appended)).hasSize(accepted.size());
        }
    }

    @Test
    void aCallerThatCannotBeWokenAnyMoreDoesNotStopTheWriter() throws Exception {
        try (SqliteStreams streams = SqliteStreams.open(dir.resolve("streams.db"));
             Connection other = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("streams.db"));
             Statement lock = other.createStatement()) {
            lock.execute("BEGIN EXCLUSIVE");
            CompletableFuture<Long> first = streams.append(StreamName.TELEMETRY, message());
            CompletableFuture<Long> second = streams.append(StreamName.TELEMETRY, message());
            CountDownLatch woken = new CountDownLatch(1);
            // As a connection's wake-up does once its event loop has stopped.
            streams.whenAccepting(() -> {
                throw new java.util.concurrent.RejectedExecutionException("event loop stopped");
            });
            streams.whenAccepting(woken::countDown);
            lock.execute("COMMIT");

            assertThat(woken.await(30, TimeUnit.SECONDS)).isTrue();
            assertThat(first.get(30, TimeUnit.SECONDS)).isEqualTo(1L);
            assertThat(second.get(30, TimeUnit.SECONDS)).isEqualTo(2L);
            assertThat(streams.append(StreamName.TELEMETRY, message()).get(30, TimeUnit.SECONDS)).isEqualTo(3L);
        }
    }

    @Test
    void aCallerAskingToBeWokenWhenNothingWaitsIsWokenAtOnce() {
        try (SqliteStreams streams = SqliteStreams.open(dir.resolve("streams.db"))) {
            CountDownLatch woken = new CountDownLatch(1);
            streams.whenAccepting(woken::countDown);
            assertThat(woken.getCount()).isZero();
        }
    }

    private static StreamMessage message() {
        return new StreamMessage("d1", null, NOW, "mqtt", Map.of(), new byte[] {1});
    }
}
