package io.bulwark.hub.stream;

import static io.bulwark.hub.TestHubCore.OPERATOR;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bulwark.hub.TestHubCore;
import io.bulwark.hub.audit.Actor;
import io.bulwark.hub.audit.AuditOutcome;
import io.bulwark.hub.audit.AuditRecord;
import io.bulwark.hub.stream.embedded.SqliteStreams;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** S-AUD-1: every audit record the hub writes also reaches the audit stream, once and in sequence order. */
class AuditStreamFeedTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void everyAuditRecordAppearsInTheAuditStreamWithWhoWhatWhereAndItsSequence() throws Exception {
        try (TestHubCore core = new TestHubCore(dir); SqliteStreams streams = openStreams()) {
            AuditStreamFeed.start(core.audit, streams);
            AuditRecord created = core.audit.record(OPERATOR, "device.create", "device:d1", AuditOutcome.SUCCESS, "");
            AuditRecord denied = core.audit.record(new Actor("policy:service", "10.0.0.9"), "audit.read", "audit",
                    AuditOutcome.DENIED, "missing AuditRead");

            List<StoredMessage> stream = awaitAudit(streams, 2);
            JsonNode first = JSON.readTree(stream.get(0).message().body());
            assertThat(first.path("sequence").asLong()).isEqualTo(created.sequence());
            assertThat(first.path("actor").asText()).isEqualTo("policy:iothubowner");
            assertThat(first.path("action").asText()).isEqualTo("device.create");
            assertThat(first.path("target").asText()).isEqualTo("device:d1");
            assertThat(first.path("outcome").asText()).isEqualTo("success");
            assertThat(first.path("source").asText()).isEqualTo("127.0.0.1");
            assertThat(first.path("time").asText()).isEqualTo(created.time().toString());
            assertThat(first.path("hash").asText()).isEqualTo(created.hash());
            // Partitioned by the device the record is about; records about no device have none.
            assertThat(stream.get(0).message().deviceId()).isEqualTo("d1");
            assertThat(stream.get(1).message().deviceId()).isEmpty();
            assertThat(stream.get(1).message().properties())
                    .containsEntry(AuditStreamFeed.SEQUENCE_PROPERTY, String.valueOf(denied.sequence()))
                    .containsEntry(AuditStreamFeed.ACTION_PROPERTY, "audit.read")
                    .containsEntry(AuditStreamFeed.OUTCOME_PROPERTY, "denied");
            assertThat(stream.get(1).message().enqueuedTime()).isEqualTo(denied.time());
        }
    }

    @Test
    void recordsThatNeverReachedTheStreamAreAppendedAtTheNextStartWithoutDuplicates() {
        try (TestHubCore core = new TestHubCore(dir)) {
            try (SqliteStreams streams = openStreams()) {
                AuditStreamFeed.start(core.audit, streams);
                core.audit.record(OPERATOR, "device.create", "device:d1", AuditOutcome.SUCCESS, "");
                awaitAudit(streams, 1);
            }
            // The hub crashed between the audit table and the stream: these records are only in the table.
            core.audit.record(OPERATOR, "device.create", "device:d2", AuditOutcome.SUCCESS, "");
            core.audit.record(OPERATOR, "device.delete", "device:d1", AuditOutcome.SUCCESS, "");
            try (SqliteStreams streams = openStreams()) {
                AuditStreamFeed.start(core.audit, streams);
                core.audit.record(OPERATOR, "device.create", "device:d3", AuditOutcome.SUCCESS, "");
                List<StoredMessage> stream = awaitAudit(streams, 4);
                assertThat(stream).extracting(m -> m.message().properties().get(AuditStreamFeed.SEQUENCE_PROPERTY))
                        .containsExactly("1", "2", "3", "4");
            }
        }
    }

    private SqliteStreams openStreams() {
        return SqliteStreams.open(dir.resolve("streams.db"));
    }

    private static List<StoredMessage> awaitAudit(Streams streams, int count) {
        await().atMost(Duration.ofSeconds(30))
                .until(() -> streams.read(StreamName.AUDIT, 1, 100).size() >= count);
        List<StoredMessage> messages = streams.read(StreamName.AUDIT, 1, 100);
        assertThat(messages).hasSize(count);
        return messages;
    }
}
