package io.bulwark.hub.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.bulwark.hub.stream.embedded.SqliteStreams;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded streams: per-device reads, retention by age and size, commit notifications, cursors. */
class SqliteStreamsTest {

    private static final Instant NOW = Instant.parse("2026-12-01T09:00:00Z");

    @TempDir
    Path dir;

    @Test
    void readsOneDevicesMessagesInOffsetOrderAmongTheOthers() {
        try (SqliteStreams streams = open()) {
            for (int i = 0; i < 9; i++) {
                append(streams, StreamName.TELEMETRY, "d" + (i % 3), NOW, "m" + i);
            }
            StreamPage page = streams.read(new StreamQuery(StreamName.TELEMETRY, "d1", 1, 100));
            assertThat(page.messages()).extracting(StoredMessage::offset).containsExactly(2L, 5L, 8L);
            assertThat(page.messages()).extracting(m -> body(m)).containsExactly("m1", "m4", "m7");
            StreamQuery fromThree = new StreamQuery(StreamName.TELEMETRY, "d1", 3, 1);
            assertThat(streams.read(fromThree).messages()).extracting(StoredMessage::offset).containsExactly(5L);
            // A short page of one device's messages has seen every offset up to the newest: the reader moves past.
            assertThat(page.nextOffset(new StreamQuery(StreamName.TELEMETRY, "d1", 1, 100))).isEqualTo(10);
        }
    }

    @Test
    void readsMetadataWithTheBodySizeAndSkipsWhatRetentionDeleted() {
        try (SqliteStreams streams = open()) {
            append(streams, StreamName.TELEMETRY, "d1", NOW.minus(Duration.ofDays(9)), "old");
            append(streams, StreamName.TELEMETRY, "d2", NOW, "twelve bytes");
            append(streams, StreamName.TELEMETRY, "d1", NOW, "");
            streams.applyRetention(StreamName.TELEMETRY, new StreamRetention(Duration.ofDays(7), 1 << 20), NOW);

            StreamQuery fromOne = StreamQuery.from(StreamName.TELEMETRY, 1, 100);
            MetadataPage page = streams.readMetadata(fromOne);

            assertThat(page.messages()).containsExactly(new MessageMetadata(2, "d2", NOW, 12),
                    new MessageMetadata(3, "d1", NOW, 0));
            assertThat(page.firstOffset()).isEqualTo(2);
            assertThat(page.nextOffset(fromOne)).isEqualTo(4);
            assertThat(streams.readMetadata(new StreamQuery(StreamName.TELEMETRY, "d1", 1, 100)).messages())
                    .extracting(MessageMetadata::offset).containsExactly(3L);
        }
    }

    @Test
    void retentionByAgeDeletesTheOldestMessagesOnly() {
        try (SqliteStreams streams = open()) {
            append(streams, StreamName.TELEMETRY, "d1", NOW.minus(Duration.ofDays(9)), "old-1");
            append(streams, StreamName.TELEMETRY, "d1", NOW.minus(Duration.ofDays(8)), "old-2");
            append(streams, StreamName.TELEMETRY, "d1", NOW.minus(Duration.ofDays(1)), "young");
            append(streams, StreamName.SECURITY, "d1", NOW.minus(Duration.ofDays(9)), "other stream");

            RetentionResult result = streams.applyRetention(StreamName.TELEMETRY,
                    new StreamRetention(Duration.ofDays(7), 1 << 20), NOW);

            assertThat(result.deletedMessages()).isEqualTo(2);
            assertThat(result.firstOffset()).isEqualTo(3);
            StreamPage page = streams.read(StreamQuery.from(StreamName.TELEMETRY, 1, 100));
            assertThat(page.messages()).extracting(m -> body(m)).containsExactly("young");
            assertThat(page.firstOffset()).isEqualTo(3);
            assertThat(page.skippedDeleted(StreamQuery.from(StreamName.TELEMETRY, 1, 100))).isTrue();
            assertThat(streams.read(StreamName.SECURITY, 1, 10)).hasSize(1);
        }
    }

    @Test
    void retentionBySizeKeepsTheNewestMessagesWithinTheBudget() {
        try (SqliteStreams streams = open()) {
            for (int i = 0; i < 20; i++) {
                append(streams, StreamName.TELEMETRY, "d1", NOW, "x".repeat(500));
            }
            streams.applyRetention(StreamName.TELEMETRY, new StreamRetention(Duration.ofDays(7), 4096), NOW);

            List<StoredMessage> left = streams.read(StreamName.TELEMETRY, 1, 100);
            // Each message costs its 500-byte body plus properties, id and a fixed part: 7 fit in 4 KiB, not 8.
            assertThat(left).hasSize(7);
            assertThat(left.get(left.size() - 1).offset()).isEqualTo(20);
            assertThat(left).extracting(StoredMessage::offset).containsExactly(14L, 15L, 16L, 17L, 18L, 19L, 20L);
        }
    }

    @Test
    void offsetsAreNeverReusedEvenAfterRetentionDeletedEveryMessageAndARestart() {
        try (SqliteStreams streams = open()) {
            for (int i = 0; i < 5; i++) {
                append(streams, StreamName.TELEMETRY, "d1", NOW.minus(Duration.ofDays(30)), "old");
            }
            streams.applyRetention(StreamName.TELEMETRY, new StreamRetention(Duration.ofDays(7), 1 << 20), NOW);
            StreamPage empty = streams.read(StreamQuery.from(StreamName.TELEMETRY, 1, 10));
            assertThat(empty.messages()).isEmpty();
            assertThat(empty.firstOffset()).isEqualTo(6);
            assertThat(empty.lastOffset()).isEqualTo(5);
        }
        try (SqliteStreams streams = open()) {
            assertThat(append(streams, StreamName.TELEMETRY, "d1", NOW, "after restart")).isEqualTo(6);
            StreamPage page = streams.read(StreamQuery.from(StreamName.TELEMETRY, 1, 10));
            assertThat(page.firstOffset()).isEqualTo(6);
            assertThat(page.messages()).extracting(StoredMessage::offset).containsExactly(6L);
        }
    }

    @Test
    void thePeriodicSweepEnforcesSmallLimitsOffTheIngestPath() {
        StreamLimits small = StreamLimits.DEFAULTS
                .withRetention(StreamName.TELEMETRY, new StreamRetention(Duration.ofDays(7), 2048))
                .withRetentionSweep(Duration.ofMillis(100));
        try (SqliteStreams streams = SqliteStreams.open(dir.resolve("streams.db"), small)) {
            for (int i = 0; i < 50; i++) {
                append(streams, StreamName.TELEMETRY, "d1", NOW, "y".repeat(200));
            }
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(streams.read(StreamQuery.from(StreamName.TELEMETRY, 1, 100)).firstOffset())
                            .isGreaterThan(40));
            assertThat(streams.read(StreamName.TELEMETRY, 1, 100)).last()
                    .extracting(StoredMessage::offset).isEqualTo(50L);
        }
    }

    @Test
    void aWaitingReaderIsWokenOnceABatchHoldingItsOffsetIsCommitted() throws Exception {
        try (SqliteStreams streams = open()) {
            append(streams, StreamName.TELEMETRY, "d1", NOW, "first");
            assertThat(streams.awaitOffset(StreamName.TELEMETRY, 1)).succeedsWithin(Duration.ofSeconds(10));

            CompletableFuture<Void> second = streams.awaitOffset(StreamName.TELEMETRY, 2);
            CompletableFuture<Void> otherStream = streams.awaitOffset(StreamName.SECURITY, 1);
            assertThat(second).isNotDone();
            append(streams, StreamName.TELEMETRY, "d1", NOW, "second");
            assertThat(second).succeedsWithin(Duration.ofSeconds(10));
            assertThat(otherStream).isNotDone();
            otherStream.cancel(false);
        }
    }

    @Test
    void aReaderThatGivesUpLeavesNothingWaiting() {
        try (SqliteStreams streams = open()) {
            CompletableFuture<Void> waiting = streams.awaitOffset(StreamName.TELEMETRY, 1)
                    .orTimeout(50, TimeUnit.MILLISECONDS);
            assertThat(waiting).failsWithin(Duration.ofSeconds(10))
                    .withThrowableOfType(java.util.concurrent.ExecutionException.class)
                    .withCauseInstanceOf(TimeoutException.class);
            List<CompletableFuture<Void>> many = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                many.add(streams.awaitOffset(StreamName.TELEMETRY, 1));
            }
            many.forEach(future -> future.cancel(false));
            append(streams, StreamName.TELEMETRY, "d1", NOW, "nobody waits");
            assertThat(many).allMatch(CompletableFuture::isCancelled);
        }
    }

    @Test
    void consumerCursorsSurviveARestart() {
        ConsumerGroup group = new ConsumerGroup("billing");
        try (SqliteStreams streams = open()) {
            streams.cursors().save(new ConsumerCursor(StreamName.TELEMETRY, group, 42, NOW));
            streams.cursors().save(new ConsumerCursor(StreamName.SECURITY, group, 7, NOW));
        }
        try (SqliteStreams streams = open()) {
            assertThat(streams.cursors().find(StreamName.TELEMETRY, group)).get()
                    .extracting(ConsumerCursor::offset).isEqualTo(42L);
            assertThat(streams.cursors().list(StreamName.SECURITY)).extracting(ConsumerCursor::offset)
                    .containsExactly(7L);
            assertThat(streams.cursors().delete(StreamName.TELEMETRY, group)).isTrue();
            assertThat(streams.cursors().delete(StreamName.TELEMETRY, group)).isFalse();
        }
    }

    @Test
    void opensAStreamsFileWrittenBeforeRetentionExisted() throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("streams.db"));
             Statement sql = connection.createStatement()) {
            sql.execute("CREATE TABLE messages (stream TEXT NOT NULL, offset INTEGER NOT NULL, device_id TEXT NOT NULL,"
                    + " module_id TEXT, enqueued_time TEXT NOT NULL, source TEXT NOT NULL, properties TEXT NOT NULL,"
                    + " body BLOB NOT NULL, PRIMARY KEY (stream, offset)) WITHOUT ROWID");
            sql.execute("INSERT INTO messages VALUES ('telemetry', 1, 'd1', NULL, '" + NOW + "', 'mqtt', '{}', x'41')");
        }
        try (SqliteStreams streams = open()) {
            assertThat(append(streams, StreamName.TELEMETRY, "d1", NOW, "new")).isEqualTo(2);
            assertThat(streams.read(StreamName.TELEMETRY, 1, 10)).extracting(m -> body(m)).containsExactly("A", "new");
        }
    }

    private SqliteStreams open() {
        return SqliteStreams.open(dir.resolve("streams.db"));
    }

    static long append(Streams streams, StreamName stream, String deviceId, Instant time, String body) {
        return streams.append(stream, new StreamMessage(deviceId, null, time, "mqtt", Map.of("$.mid", "x"),
                body.getBytes(StandardCharsets.UTF_8))).join();
    }

    private static String body(StoredMessage message) {
        return new String(message.message().body(), StandardCharsets.UTF_8);
    }
}
