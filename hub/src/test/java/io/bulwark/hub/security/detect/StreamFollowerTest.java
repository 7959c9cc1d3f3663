package io.bulwark.hub.security.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.bulwark.hub.stream.ConsumerGroup;
import io.bulwark.hub.stream.MessageMetadata;
import io.bulwark.hub.stream.StoredMessage;
import io.bulwark.hub.stream.StreamMessage;
import io.bulwark.hub.stream.StreamName;
import io.bulwark.hub.stream.Streams;
import io.bulwark.hub.stream.embedded.SqliteStreams;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The detectors' reader: after the fact, from the end for a first run, and on from its committed group after that. */
class StreamFollowerTest {

    @TempDir
    Path dir;

    @Test
    void aFirstRunStartsAtTheStreamsEndAndARestartGoesOnWhereItStopped() {
        List<Long> seen = new CopyOnWriteArrayList<>();
        try (Streams streams = SqliteStreams.open(dir.resolve("streams.db"))) {
            append(streams, 3);
            try (StreamFollower<StoredMessage> follower = StreamFollower.ofMessages(streams, StreamName.SECURITY,
                    page -> page.forEach(m -> seen.add(m.offset())), Clock.systemUTC()).start()) {
                append(streams, 2);
                Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> seen.size() == 2);
            }
            assertThat(seen).as("old history is not replayed").containsExactly(4L, 5L);
            assertThat(streams.cursors().find(StreamName.SECURITY, new ConsumerGroup(StreamFollower.GROUP)))
                    .hasValueSatisfying(cursor -> assertThat(cursor.offset()).isEqualTo(6));

            append(streams, 2);
            try (StreamFollower<StoredMessage> restarted = StreamFollower.ofMessages(streams, StreamName.SECURITY,
                    page -> page.forEach(m -> seen.add(m.offset())), Clock.systemUTC()).start()) {
                Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> seen.size() == 4);
            }
            assertThat(seen).as("written while stopped, read after").containsExactly(4L, 5L, 6L, 7L);
        }
    }

    @Test
    void aHandlerThatFailsOnAPageDoesNotStopTheFollower() {
        List<StoredMessage> seen = new CopyOnWriteArrayList<>();
        try (Streams streams = SqliteStreams.open(dir.resolve("streams.db"));
             StreamFollower<StoredMessage> follower = StreamFollower.ofMessages(streams, StreamName.SECURITY,
                     page -> {
                         if (page.stream().anyMatch(m -> new String(m.message().body(), StandardCharsets.UTF_8)
                                 .equals("poison"))) {
                             throw new IllegalStateException("a detector bug");
                         }
                         seen.addAll(page);
                     }, Clock.systemUTC()).start()) {
            streams.append(StreamName.SECURITY, message("poison")).join();
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> follower.position() == 2);
            append(streams, 1);
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> seen.size() == 1);
            assertThat(seen.get(0).offset()).isEqualTo(2);
        }
    }

    @Test
    void aMetadataFollowerSeesOffsetDeviceTimeAndBodySizeWithoutTheBodies() {
        List<MessageMetadata> seen = new CopyOnWriteArrayList<>();
        Instant sent = Instant.parse("2026-12-01T12:00:00.123Z");
        try (Streams streams = SqliteStreams.open(dir.resolve("streams.db"));
             StreamFollower<MessageMetadata> follower = StreamFollower.ofMetadata(streams, StreamName.TELEMETRY,
                     seen::addAll, Clock.systemUTC()).start()) {
            streams.append(StreamName.TELEMETRY, new StreamMessage("d1", null, sent, "mqtt", Map.of("k", "v"),
                    new byte[1234])).join();
            streams.append(StreamName.TELEMETRY, new StreamMessage("d2", "m1", sent, "https", Map.of(),
                    new byte[0])).join();
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> seen.size() == 2);
            assertThat(seen).containsExactly(new MessageMetadata(1, "d1", sent, 1234),
                    new MessageMetadata(2, "d2", sent, 0));
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> follower.position() == 3);
        }
    }

    @Test
    void messagesStoredWhileTheFollowerLingersComeInOnePage() throws Exception {
        List<List<Long>> pages = new CopyOnWriteArrayList<>();
        Semaphore lingering = new Semaphore(0);
        Semaphore goOn = new Semaphore(0);
        try (Streams streams = SqliteStreams.open(dir.resolve("streams.db"))) {
            try (StreamFollower<StoredMessage> follower = StreamFollower.ofMessages(streams, StreamName.SECURITY,
                    page -> pages.add(page.stream().map(StoredMessage::offset).toList()), Clock.systemUTC())
                    .lingeringWith(() -> {
                        lingering.release();
                        goOn.acquire();
                    }).start()) {
                append(streams, 1);
                assertThat(lingering.tryAcquire(20, TimeUnit.SECONDS)).as("lingers after a short page").isTrue();
                assertThat(pages).containsExactly(List.of(1L));

                append(streams, 3);
                goOn.release();
                Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> pages.size() == 2);
                Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> follower.position() == 5);
                assertThat(pages.get(1)).as("one read for what gathered meanwhile").containsExactly(2L, 3L, 4L);
            }
        }
    }

    private static void append(Streams streams, int count) {
        for (int i = 0; i < count; i++) {
            streams.append(StreamName.SECURITY, message("event")).join();
        }
    }

    private static StreamMessage message(String body) {
        return new StreamMessage("d1", null, Instant.now(), "mqtt", Map.of(), body.getBytes(StandardCharsets.UTF_8));
    }
}
