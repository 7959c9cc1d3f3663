package io.bulwark.hub.stream.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import io.bulwark.hub.stream.StreamMessage;
import io.bulwark.hub.stream.StreamName;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * S-DATA-1, "acknowledged means durable": an append completes (and so a PUBACK is sent) only once the commit that
 * holds the message is done, each device's messages keep the order they were appended in, and a hub that stops
 * without closing its streams has lost nothing it acknowledged.
 */
class StreamWriterAcknowledgementTest {

    private static final Instant NOW = Instant.parse("2026-12-01T09:00:00Z");

    @TempDir
    Path dir;

    @Test
    void anAppendCompletesOnlyOnceAnotherConnectionCanReadItsMessage() throws Exception {
        ConcurrentLinkedQueue<String> missing = new ConcurrentLinkedQueue<>();
        try (SqliteStreams streams = open();
             Connection other = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("streams.db"))) {
            List<CompletableFuture<Void>> checked = new ArrayList<>();
            for (int i = 0; i < 2_000; i++) {
                String body = "m" + i;
                // Checked on the thread that completes the append, before anyone else hears of it.
                checked.add(streams.append(StreamName.TELEMETRY, message("d" + (i % 50), body))
                        .thenAccept(offset -> {
                            if (!visible(other, offset, body)) {
                                missing.add(body);
                            }
                        }));
            }
            CompletableFuture.allOf(checked.toArray(CompletableFuture[]::new)).join();
        }
        assertThat(missing).as("acknowledged before their commit").isEmpty();
    }

    @Test
    void eachDevicesMessagesAreStoredInTheOrderTheyWereAppended() throws Exception {
        try (SqliteStreams streams = open()) {
            List<Thread> devices = new ArrayList<>();
            for (int d = 0; d < 8; d++) {
                String device = "d" + d;
                devices.add(new Thread(() -> {
                    List<CompletableFuture<Long>> appended = new ArrayList<>();
                    for (int i = 0; i < 500; i++) {
                        appended.add(streams.append(StreamName.TELEMETRY, message(device, device + "-" + i)));
                    }
                    appended.forEach(CompletableFuture::join);
                }));
                devices.get(devices.size() - 1).start();
            }
            for (Thread device : devices) {
                device.join();
            }
            for (int d = 0; d < 8; d++) {
                List<String> bodies = streams.read(new io.bulwark.hub.stream.StreamQuery(StreamName.TELEMETRY,
                        "d" + d, 1, 1_000)).messages().stream()
                        .map(m -> new String(m.message().body(), java.nio.charset.StandardCharsets.UTF_8)).toList();
                List<String> expected = new ArrayList<>();
                for (int i = 0; i < 500; i++) {
                    expected.add("d" + d + "-" + i);
                }
                assertThat(bodies).isEqualTo(expected);
            }
        }
    }

    @Test
    void aHubStoppedWithoutClosingItsStreamsHasLostNoAcknowledgedMessage() throws Exception {
        SqliteStreams abandoned = open();
        List<CompletableFuture<Long>> appends = new ArrayList<>();
        for (int i = 0; i < 3_000; i++) {
            appends.add(abandoned.append(StreamName.TELEMETRY, message("d" + (i % 7), "m" + i)));
        }
        // Stop looking part way: whatever completed by now was acknowledged, the rest may or may not be stored.
        appends.get(1_000).join();
        List<Long> acknowledged = appends.stream().filter(f -> f.isDone() && !f.isCompletedExceptionally())
                .map(CompletableFuture::join).toList();
        // No close(): the file is read as a restarted hub would find it, through a connection of its own.
        try (Connection restarted = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("streams.db"))) {
            for (int i = 0; i < acknowledged.size(); i++) {
                assertThat(visible(restarted, acknowledged.get(i), null)).as("offset " + acknowledged.get(i))
                        .isTrue();
            }
        }
        assertThat(acknowledged).hasSizeGreaterThan(1_000);
    }

    private SqliteStreams open() {
        return SqliteStreams.open(dir.resolve("streams.db"));
    }

    private static StreamMessage message(String device, String body) {
        return new StreamMessage(device, null, NOW, "mqtt", Map.of(), body.getBytes(
                java.nio.charset.StandardCharsets.UTF_8));
    }

    /** Whether {@code connection}, not the writer's, sees the message at {@code offset} (with {@code body}). */
    private static boolean visible(Connection connection, long offset, String body) {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT body FROM messages WHERE stream = 'telemetry' AND offset = ?")) {
            select.setLong(1, offset);
            try (ResultSet row = select.executeQuery()) {
                return row.next() && (body == null
                        || body.equals(new String(row.getBytes(1), java.nio.charset.StandardCharsets.UTF_8)));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
