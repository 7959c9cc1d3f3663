package io.bulwark.hub.stream.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import io.bulwark.hub.stream.MessageMetadata;
import io.bulwark.hub.stream.StoredMessage;
import io.bulwark.hub.stream.StreamMessage;
import io.bulwark.hub.stream.StreamName;
import io.bulwark.hub.stream.StreamPage;
import io.bulwark.hub.stream.StreamQuery;
import io.bulwark.hub.stream.StreamRetention;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One device's messages read the same whether the device index holds them yet or not: a page may take its first
 * messages from the index and the rest from the newest, unindexed messages, and never skips or repeats one.
 */
class DeviceIndexTest {

    private static final Instant NOW = Instant.parse("2026-12-01T09:00:00Z");

    @TempDir
    Path dir;

    @Test
    void readsOneDevicesMessagesTheSameBeforeAndAfterTheyAreIndexed() {
        try (SqliteStreams streams = open()) {
            appendRound(streams, 0, 30);
            List<Long> beforeIndexing = offsets(streams, "d1", 1, 100);
            streams.indexNow();
            List<Long> afterIndexing = offsets(streams, "d1", 1, 100);

            assertThat(beforeIndexing).containsExactly(2L, 5L, 8L, 11L, 14L, 17L, 20L, 23L, 26L, 29L);
            assertThat(afterIndexing).isEqualTo(beforeIndexing);
        }
    }

    @Test
    void aPageSpanningTheIndexedAndTheNewestMessagesIsInOrderAndComplete() {
        try (SqliteStreams streams = open()) {
            appendRound(streams, 0, 15);
            streams.indexNow();
            appendRound(streams, 15, 30);

            assertThat(offsets(streams, "d1", 1, 100)).containsExactly(2L, 5L, 8L, 11L, 14L, 17L, 20L, 23L, 26L, 29L);
            assertThat(offsets(streams, "d1", 9, 4)).containsExactly(11L, 14L, 17L, 20L);
            assertThat(offsets(streams, "d1", 15, 2)).containsExactly(17L, 20L);
            StreamQuery query = new StreamQuery(StreamName.TELEMETRY, "d2", 1, 100);
            StreamPage page = streams.read(query);
            assertThat(page.messages()).extracting(m -> body(m)).containsExactly("m2", "m5", "m8", "m11", "m14",
                    "m17", "m20", "m23", "m26", "m29");
            assertThat(page.nextOffset(query)).as("a short page has seen every offset").isEqualTo(31);
            assertThat(streams.readMetadata(new StreamQuery(StreamName.TELEMETRY, "d0", 20, 100)).messages())
                    .extracting(MessageMetadata::offset).containsExactly(22L, 25L, 28L);
        }
    }

    @Test
    void whatRetentionDeletedIsNeitherReadNorKeptInTheIndex() {
        try (SqliteStreams streams = open()) {
            for (int i = 0; i < 6; i++) {
                append(streams, "d" + (i % 2), i < 4 ? NOW.minus(Duration.ofDays(9)) : NOW, "m" + i);
            }
            streams.indexNow();
            streams.applyRetention(StreamName.TELEMETRY, new StreamRetention(Duration.ofDays(7), 1 << 20), NOW);

            assertThat(offsets(streams, "d0", 1, 100)).containsExactly(5L);
            streams.indexNow();
            assertThat(offsets(streams, "d0", 1, 100)).containsExactly(5L);
            assertThat(indexedOffsets(streams)).containsExactly(5L, 6L);
        }
    }

    @Test
    void anIndexOfAnotherStreamsFileIsRebuiltNotTrusted() throws Exception {
        try (SqliteStreams streams = open()) {
            appendRound(streams, 0, 12);
            streams.indexNow();
        }
        for (String leftover : new String[] {"streams.db", "streams.db-wal", "streams.db-shm"}) {
            Files.deleteIfExists(dir.resolve(leftover));
        }
        try (SqliteStreams streams = open()) {
            append(streams, "d2", NOW, "first of the new file");
            streams.indexNow();

            assertThat(offsets(streams, "d2", 1, 100)).containsExactly(1L);
            assertThat(offsets(streams, "d1", 1, 100)).isEmpty();
            assertThat(indexedOffsets(streams)).containsExactly(1L);
        }
    }

    @Test
    void aLostIndexFileIsRebuiltFromTheMessages() throws Exception {
        Path index = indexedAndClosed(9);
        for (String suffix : new String[] {"", "-wal", "-shm"}) {
            Files.deleteIfExists(index.resolveSibling(index.getFileName() + suffix));
        }
        readsTheNineMessagesBeforeAndAfterIndexing();
    }

    @Test
    void anIndexWithARowPerMessageIsReplacedAndBuiltAgainAsRuns() throws Exception {
        Path index = indexedAndClosed(9);
        try (Connection file = DriverManager.getConnection("jdbc:sqlite:" + index);
             Statement sql = file.createStatement()) {
            // The layout before runs, claiming offsets that d1 never wrote.
            sql.execute("DROP TABLE device_runs");
            sql.execute("DROP TABLE index_heads");
            sql.execute("CREATE TABLE device_offsets (stream TEXT NOT NULL, device_id TEXT NOT NULL, "
                    + "offset INTEGER NOT NULL, PRIMARY KEY (stream, device_id, offset)) WITHOUT ROWID");
            sql.execute("CREATE TABLE index_heads (stream TEXT PRIMARY KEY, indexed_up_to INTEGER NOT NULL)");
            sql.execute("INSERT INTO device_offsets VALUES ('telemetry', 'd1', 1), ('telemetry', 'd1', 3)");
            sql.execute("INSERT INTO index_heads VALUES ('telemetry', 9)");
        }
        readsTheNineMessagesBeforeAndAfterIndexing();
        try (Connection file = DriverManager.getConnection("jdbc:sqlite:" + index);
             Statement query = file.createStatement();
             ResultSet row = query.executeQuery("SELECT count(*) FROM sqlite_master WHERE name = 'device_offsets'")) {
            assertThat(row.getInt(1)).isZero();
        }
    }

    @Test
    void aRoundWritesOneRunPerDeviceAndALookupStartsInsideARun() throws Exception {
        Path index = indexedAndClosed(30);
        try (Connection file = DriverManager.getConnection("jdbc:sqlite:" + index);
             Statement query = file.createStatement();
             ResultSet row = query.executeQuery("SELECT first_offset, last_offset, offsets "
                     + "FROM device_runs WHERE device_id = 'd1' ORDER BY first_offset")) {
            // The background round may have run once while the messages were appended, besides indexNow.
            List<String> runs = new java.util.ArrayList<>();
            while (row.next()) {
                String offsets = row.getString("offsets");
                List<Long> parsed = new java.util.ArrayList<>();
                OffsetRuns.addOffsets(offsets, 0, Long.MAX_VALUE, Integer.MAX_VALUE, parsed);
                assertThat(parsed.get(0)).isEqualTo(row.getLong("first_offset"));
                assertThat(parsed.get(parsed.size() - 1)).isEqualTo(row.getLong("last_offset"));
                runs.add(offsets);
            }
            assertThat(String.join(",", runs)).isEqualTo("2,5,8,11,14,17,20,23,26,29");
            assertThat(runs).as("a run per device and round, not a row per message").hasSizeLessThanOrEqualTo(3);
        }
        try (SqliteStreams streams = open()) {
            appendRound(streams, 30, 36);
            streams.indexNow();
            DeviceIndex.Lookup fromInside = streams.deviceIndex().offsets(StreamName.TELEMETRY, "d1", 12, 5);
            assertThat(fromInside.offsets()).containsExactly(14L, 17L, 20L, 23L, 26L);
            DeviceIndex.Lookup acrossRuns = streams.deviceIndex().offsets(StreamName.TELEMETRY, "d1", 27, 100);
            assertThat(acrossRuns.offsets()).containsExactly(29L, 32L, 35L);
            assertThat(acrossRuns.indexedUpTo()).isEqualTo(36);
        }
    }

    @Test
    void aNewIndexFileHasSmallPages() throws Exception {
        Path index = indexedAndClosed(6);
        try (Connection file = DriverManager.getConnection("jdbc:sqlite:" + index);
             Statement query = file.createStatement();
             ResultSet row = query.executeQuery("PRAGMA page_size")) {
            assertThat(row.next()).isTrue();
            assertThat(row.getInt(1)).isEqualTo(DeviceIndex.PAGE_SIZE);
        }
        try (SqliteStreams streams = open()) {
            assertThat(offsets(streams, "d1", 1, 100)).containsExactly(2L, 5L);
        }
    }

    /** d1's messages of {@link #indexedAndClosed indexedAndClosed(9)} read the same before and after a round. */
    private void readsTheNineMessagesBeforeAndAfterIndexing() {
        try (SqliteStreams streams = open()) {
            assertThat(offsets(streams, "d1", 1, 100)).containsExactly(2L, 5L, 8L);
            streams.indexNow();
            assertThat(offsets(streams, "d1", 1, 100)).containsExactly(2L, 5L, 8L);
            assertThat(indexedOffsets(streams)).containsExactlyElementsOf(LongStream.rangeClosed(1, 9).boxed()
                    .toList());
        }
    }

    /** Streams with {@code messages} messages, all indexed, closed again; returns the index file. */
    private Path indexedAndClosed(int messages) {
        try (SqliteStreams streams = open()) {
            appendRound(streams, 0, messages);
            streams.indexNow();
        }
        return DeviceIndex.fileFor(dir.resolve("streams.db"));
    }

    private SqliteStreams open() {
        return SqliteStreams.open(dir.resolve("streams.db"));
    }

    /** Messages m{from}..m{to-1}, from devices d0, d1, d2 in turn: message i is offset i + 1. */
    private static void appendRound(SqliteStreams streams, int from, int to) {
        for (int i = from; i < to; i++) {
            append(streams, "d" + (i % 3), NOW, "m" + i);
        }
    }

    private static void append(SqliteStreams streams, String deviceId, Instant time, String body) {
        streams.append(StreamName.TELEMETRY, new StreamMessage(deviceId, null, time, "mqtt", Map.of(),
                body.getBytes(StandardCharsets.UTF_8))).join();
    }

    private static List<Long> offsets(SqliteStreams streams, String deviceId, long from, int limit) {
        return streams.read(new StreamQuery(StreamName.TELEMETRY, deviceId, from, limit)).messages().stream()
                .map(StoredMessage::offset).toList();
    }

    /** Every offset the index holds for the telemetry stream, of all devices. */
    private List<Long> indexedOffsets(SqliteStreams streams) {
        DeviceIndex.Lookup all = streams.deviceIndex().offsets(StreamName.TELEMETRY, "d0", 0, 1000);
        List<Long> offsets = new java.util.ArrayList<>(all.offsets());
        offsets.addAll(streams.deviceIndex().offsets(StreamName.TELEMETRY, "d1", 0, 1000).offsets());
        offsets.addAll(streams.deviceIndex().offsets(StreamName.TELEMETRY, "d2", 0, 1000).offsets());
        return offsets.stream().sorted().toList();
    }

    private static String body(StoredMessage message) {
        return new String(message.message().body(), StandardCharsets.UTF_8);
    }
}
