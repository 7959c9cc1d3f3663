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

    @Test
    void recordsThatFindTheStreamWriterOverloadedAreRetriedNotDropped() {
        // S-AUD-1: a connect storm fills the writer's queue; the copies wait and go in, none is lost.
        try (TestHubCore core = new TestHubCore(dir); SqliteStreams streams = openStreams()) {
            OverloadedFirst overloaded = new OverloadedFirst(streams, 25);
            AuditStreamFeed.start(core.audit, overloaded);
            List<Long> sequences = new java.util.ArrayList<>();
            for (int i = 0; i < 10; i++) {
                sequences.add(core.audit.record(OPERATOR, "device.connect", "device:d" + i, AuditOutcome.SUCCESS, "")
                        .sequence());
            }

            List<StoredMessage> stream = awaitAudit(streams, 10);
            assertThat(stream).extracting(m -> Long.parseLong(m.message().properties()
                    .get(AuditStreamFeed.SEQUENCE_PROPERTY))).containsExactlyInAnyOrderElementsOf(sequences);
            assertThat(overloaded.refused.get()).isEqualTo(25);
        }
    }

    /** Streams whose writer queue is full for the first {@code refusals} appends. */
    private static final class OverloadedFirst implements Streams {
        private final Streams delegate;
        private final int refusals;
        final java.util.concurrent.atomic.AtomicInteger refused = new java.util.concurrent.atomic.AtomicInteger();

        OverloadedFirst(Streams delegate, int refusals) {
            this.delegate = delegate;
            this.refusals = refusals;
        }

        @Override
        public java.util.concurrent.CompletableFuture<Long> append(StreamName stream, StreamMessage message) {
            if (refused.getAndUpdate(n -> n < refusals ? n + 1 : n) < refusals) {
                return java.util.concurrent.CompletableFuture.failedFuture(new StreamOverloadedException());
            }
            return delegate.append(stream, message);
        }

        @Override
        public List<StoredMessage> read(StreamName stream, long fromOffset, int limit) {
            return delegate.read(stream, fromOffset, limit);
        }

        @Override
        public StreamPage read(StreamQuery query) {
            return delegate.read(query);
        }

        @Override
        public java.util.concurrent.CompletableFuture<Void> awaitOffset(StreamName stream, long offset) {
            return delegate.awaitOffset(stream, offset);
        }

        @Override
        public RetentionResult applyRetention(StreamName stream, StreamRetention retention, java.time.Instant now) {
            return delegate.applyRetention(stream, retention, now);
        }

        @Override
        public ConsumerCursors cursors() {
            return delegate.cursors();
        }

        @Override
        public void close() {
            // The test closes the delegate.
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
