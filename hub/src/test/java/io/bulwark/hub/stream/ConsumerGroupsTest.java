package io.bulwark.hub.stream;

import static io.bulwark.hub.TestHubCore.OPERATOR;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bulwark.hub.HubException;
import io.bulwark.hub.TestHubCore;
import io.bulwark.hub.audit.AuditOutcome;
import io.bulwark.hub.audit.AuditRecord;
import io.bulwark.hub.stream.embedded.SqliteStreams;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Server-side consumer cursors: validated, bounded, audited. */
class ConsumerGroupsTest {

    private static final ConsumerGroup BILLING = new ConsumerGroup("billing");

    @TempDir
    Path dir;

    @Test
    void aNewGroupReadsFromTheStartAndMovesOnlyWhenItCommits() {
        try (TestHubCore core = new TestHubCore(dir); SqliteStreams streams = openStreams()) {
            ConsumerGroups groups = new ConsumerGroups(streams, core.audit, Clock.systemUTC(), 10);
            appendTelemetry(streams, 3);
            assertThat(groups.position(StreamName.TELEMETRY, BILLING)).isEqualTo(1);
            assertThat(groups.list(StreamName.TELEMETRY)).isEmpty();

            ConsumerCursor cursor = groups.commit(OPERATOR, StreamName.TELEMETRY, BILLING, 3);

            assertThat(cursor.offset()).isEqualTo(3);
            assertThat(groups.position(StreamName.TELEMETRY, BILLING)).isEqualTo(3);
            assertThat(groups.position(StreamName.SECURITY, BILLING)).isEqualTo(1);
            AuditRecord audit = core.audit.latest().orElseThrow();
            assertThat(audit.action()).isEqualTo("stream.consumer.commit");
            assertThat(audit.target()).isEqualTo("stream:telemetry/consumer:billing");
            assertThat(audit.outcome()).isEqualTo(AuditOutcome.SUCCESS);
            assertThat(audit.detail()).isEqualTo("offset 3");
        }
    }

    @Test
    void refusesAnOffsetBeyondTheEndOfTheStreamAndAuditsTheFailure() {
        try (TestHubCore core = new TestHubCore(dir); SqliteStreams streams = openStreams()) {
            ConsumerGroups groups = new ConsumerGroups(streams, core.audit, Clock.systemUTC(), 10);
            appendTelemetry(streams, 2);
            assertThat(groups.commit(OPERATOR, StreamName.TELEMETRY, BILLING, 3).offset()).isEqualTo(3);
            assertThatThrownBy(() -> groups.commit(OPERATOR, StreamName.TELEMETRY, BILLING, 4))
                    .isInstanceOf(HubException.Invalid.class).hasFieldOrPropertyWithValue("type", "invalid-offset");
            assertThatThrownBy(() -> groups.commit(OPERATOR, StreamName.TELEMETRY, BILLING, 0))
                    .isInstanceOf(HubException.Invalid.class);
            AuditRecord audit = core.audit.latest().orElseThrow();
            assertThat(audit.outcome()).isEqualTo(AuditOutcome.FAILURE);
            assertThat(audit.detail()).isEqualTo("invalid-offset");
            assertThat(groups.position(StreamName.TELEMETRY, BILLING)).isEqualTo(3);
        }
    }

    @Test
    void boundsTheNumberOfGroupsPerStream() {
        try (TestHubCore core = new TestHubCore(dir); SqliteStreams streams = openStreams()) {
            ConsumerGroups groups = new ConsumerGroups(streams, core.audit, Clock.systemUTC(), 2);
            groups.commit(OPERATOR, StreamName.TELEMETRY, new ConsumerGroup("a"), 1);
            groups.commit(OPERATOR, StreamName.TELEMETRY, new ConsumerGroup("b"), 1);
            assertThatThrownBy(() -> groups.commit(OPERATOR, StreamName.TELEMETRY, new ConsumerGroup("c"), 1))
                    .isInstanceOf(HubException.LimitExceeded.class)
                    .hasFieldOrPropertyWithValue("type", "consumer-group-limit");
            // An existing group still moves, and another stream has its own budget.
            groups.commit(OPERATOR, StreamName.TELEMETRY, new ConsumerGroup("a"), 1);
            groups.commit(OPERATOR, StreamName.SECURITY, new ConsumerGroup("c"), 1);
            groups.delete(OPERATOR, StreamName.TELEMETRY, new ConsumerGroup("b"));
            groups.commit(OPERATOR, StreamName.TELEMETRY, new ConsumerGroup("c"), 1);
            assertThat(groups.list(StreamName.TELEMETRY)).extracting(c -> c.group().name()).containsExactly("a", "c");
        }
    }

    @Test
    void deletingAnUnknownGroupIsNotFoundAndAudited() {
        try (TestHubCore core = new TestHubCore(dir); SqliteStreams streams = openStreams()) {
            ConsumerGroups groups = new ConsumerGroups(streams, core.audit, Clock.systemUTC(), 2);
            assertThatThrownBy(() -> groups.delete(OPERATOR, StreamName.AUDIT, BILLING))
                    .isInstanceOf(HubException.NotFound.class)
                    .hasFieldOrPropertyWithValue("type", "consumer-group-not-found");
            AuditRecord audit = core.audit.latest().orElseThrow();
            assertThat(audit.action()).isEqualTo("stream.consumer.delete");
            assertThat(audit.outcome()).isEqualTo(AuditOutcome.FAILURE);
        }
    }

    @Test
    void groupNamesAreShortAndPlain() {
        for (String bad : new String[] {"", "-lead", "has space", "slash/inside", "a".repeat(65), "ümlaut", "..",
                "semi;colon"}) {
            assertThatThrownBy(() -> new ConsumerGroup(bad)).as(bad).isInstanceOf(HubException.Invalid.class)
                    .hasFieldOrPropertyWithValue("type", "invalid-consumer-group");
        }
        assertThat(new ConsumerGroup("billing-v2.eu_1").name()).isEqualTo("billing-v2.eu_1");
        assertThat(new ConsumerGroup("a".repeat(64)).name()).hasSize(64);
    }

    private SqliteStreams openStreams() {
        return SqliteStreams.open(dir.resolve("streams.db"));
    }

    private static void appendTelemetry(Streams streams, int count) {
        for (int i = 0; i < count; i++) {
            SqliteStreamsTest.append(streams, StreamName.TELEMETRY, "d1", Instant.now(), "m" + i);
        }
    }
}
