package io.bulwark.hub.http;

import static io.bulwark.hub.http.ServiceApiTest.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bulwark.hub.Hub;
import io.bulwark.hub.HubConfig;
import io.bulwark.hub.HubLimits;
import io.bulwark.hub.ServiceClient;
import io.bulwark.hub.stream.StreamLimits;
import io.bulwark.hub.stream.StreamName;
import io.bulwark.hub.stream.StreamRetention;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Server-Sent Events from a real hub on loopback, read by the JDK's HTTP client line by line: events carry their
 * offset as id, a reconnect resumes with Last-Event-ID, idle streams get keep-alive comments, readers are bounded.
 */
class EventStreamsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_EVENT_STREAMS = 2;

    @TempDir
    Path data;
    Hub hub;
    ServiceClient owner;
    ServiceClient service;
    List<EventStreamReader> readers = new ArrayList<>();

    @BeforeEach
    void start() {
        StreamLimits streams = StreamLimits.DEFAULTS
                .withReaders(10, MAX_EVENT_STREAMS, Duration.ofMillis(300))
                .withRetention(StreamName.SECURITY, new StreamRetention(Duration.ofDays(7), 2048))
                .withRetentionSweep(Duration.ofMillis(100));
        hub = Hub.start(new HubConfig(data, List.of(), "127.0.0.1", 0, 0, HubLimits.DEFAULTS.withStreams(streams),
                Map.of()));
        owner = ServiceClient.forPolicy(hub.dataFolder(), hub.httpsPort(), "iothubowner");
        service = ServiceClient.forPolicy(hub.dataFolder(), hub.httpsPort(), "service");
        assertThat(owner.put("/devices/d1", "{}").statusCode()).isEqualTo(200);
    }

    @AfterEach
    void stop() {
        readers.forEach(EventStreamReader::close);
        hub.close();
    }

    @Test
    void streamsMessagesAsEventsWhoseIdIsTheOffsetAndResumesWithLastEventId() throws Exception {
        send("one");
        send("two");
        EventStreamReader reader = open(service, "/streams/telemetry/events?from=1");
        assertThat(reader.status()).isEqualTo(200);
        assertThat(reader.response.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
        reader.awaitLine("id: 2"::equals);
        send("three");
        reader.awaitLine("id: 3"::equals);

        List<String> events = reader.events();
        assertThat(events).hasSize(3);
        assertThat(events.get(0)).startsWith("id: 1\nevent: message\ndata: {");
        JsonNode first = JSON.readTree(events.get(0).substring(events.get(0).indexOf("data: ") + 6));
        assertThat(first.path("offset").asLong()).isEqualTo(1);
        assertThat(first.path("deviceId").asText()).isEqualTo("d1");
        assertThat(body(first)).isEqualTo("one");
        reader.close();

        EventStreamReader resumed = open(service, "/streams/telemetry/events?from=1", "Last-Event-ID", "2");
        resumed.awaitLine("id: 3"::equals);
        assertThat(resumed.events()).hasSize(1);
    }

    @Test
    void anIdleStreamGetsKeepAliveComments() {
        EventStreamReader reader = open(service, "/streams/security/events");
        assertThat(reader.awaitLine(": keep-alive"::equals)).last().isEqualTo(": keep-alive");
        assertThat(reader.events()).isEmpty();
    }

    @Test
    void theMessagesRouteStreamsEventsWhenAskedForThem() {
        send("one");
        EventStreamReader reader = open(service, "/streams/telemetry/messages?deviceId=d1",
                "Accept", "text/event-stream");
        assertThat(reader.response.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
        reader.awaitLine("id: 1"::equals);
    }

    @Test
    void eventStreamReadersAreBoundedAndASlotFreesWhenAReaderLeaves() {
        // S-DOS-3: at most MAX_EVENT_STREAMS readers at once.
        EventStreamReader first = open(service, "/streams/telemetry/events");
        open(service, "/streams/security/events");
        assertThat(first.status()).isEqualTo(200);
        HttpResponse<String> refused = service.get("/streams/telemetry/events");
        assertProblem(refused, 429, "event-stream-limit");
        assertThat(refused.headers().firstValue("Retry-After")).isPresent();

        first.close();
        // The hub notices the reader left at its next write (a keep-alive at the latest).
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            EventStreamReader again = open(service, "/streams/telemetry/events");
            return again.status() == 200;
        });
    }

    @Test
    void theAuditStreamCarriesTheHubsAuditRecordsToAuditorsOnly() throws Exception {
        EventStreamReader reader = open(owner, "/streams/audit/events");
        List<String> upTo = reader.awaitLine(line -> line.contains("\"audit-action\":\"device.create\""));
        JsonNode event = JSON.readTree(upTo.get(upTo.size() - 1).substring("data: ".length()));
        JsonNode record = JSON.readTree(body(event));
        assertThat(record.path("action").asText()).isEqualTo("device.create");
        assertThat(record.path("target").asText()).isEqualTo("device:d1");
        assertThat(record.path("actor").asText()).isEqualTo("policy:iothubowner");
        assertThat(record.path("sequence").asLong())
                .isEqualTo(Long.parseLong(event.at("/properties/audit-sequence").asText()));
        assertThat(event.path("deviceId").asText()).isEqualTo("d1");

        assertProblem(service.get("/streams/audit/events"), 403, "forbidden");
        // The refusal itself is audited, and reaches the audit stream too.
        reader.awaitLine(line -> line.contains("\"audit-outcome\":\"denied\""));
    }

    @Test
    void aReaderBehindRetentionIsToldWhatItMissedThenGetsTheFirstRetainedMessage() {
        for (int i = 0; i < 10; i++) {
            sendSecurityEvent("x".repeat(400));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> Long.parseLong(service.get("/streams/security/messages")
                .headers().firstValue("bulwark-first-offset").orElse("1")) > 1);
        EventStreamReader reader = open(service, "/streams/security/events?from=1");
        reader.awaitLine(line -> line.startsWith("id: 10"));
        String skipped = reader.events().get(0);
        long first = Long.parseLong(reader.response.headers().firstValue("bulwark-first-offset").orElseThrow());
        assertThat(skipped).startsWith("id: " + (first - 1) + "\nevent: skipped\ndata: {\"requested\":1,"
                + "\"firstOffset\":" + first + "}");
        assertThat(reader.events().get(1)).startsWith("id: " + first + "\n");
    }

    private EventStreamReader open(ServiceClient client, String path, String... headers) {
        EventStreamReader reader = EventStreamReader.open(hub.dataFolder().caCertificate(), client, path, headers);
        readers.add(reader);
        return reader;
    }

    private void send(String body) {
        assertThat(owner.post("/devices/d1/messages/events", body).statusCode()).isEqualTo(204);
    }

    private void sendSecurityEvent(String body) {
        assertThat(owner.post("/devices/d1/messages/events", body, "iothub-app-bulwark-stream", "security").statusCode())
                .isEqualTo(204);
    }

    private static String body(JsonNode message) {
        return new String(Base64.getDecoder().decode(message.path("body").asText()), StandardCharsets.UTF_8);
    }
}
