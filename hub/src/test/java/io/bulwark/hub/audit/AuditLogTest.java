package io.bulwark.hub.audit;

import static io.bulwark.hub.TestHubCore.OPERATOR;
import static org.assertj.core.api.Assertions.assertThat;

import io.bulwark.hub.TestHubCore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** S-AUD-1: the chain shows any edit, deletion or reordering of stored records, naming the first bad one. */
class AuditLogTest {

    @TempDir
    Path dir;

    @Test
    void recordsCarryWhoWhatWhereAndLinkToEachOther() {
        try (TestHubCore hub = new TestHubCore(dir)) {
            AuditRecord first = hub.audit.record(OPERATOR, "device.create", "device:d1", AuditOutcome.SUCCESS, "");
            AuditRecord second = hub.audit.record(new Actor("anonymous", "10.0.0.9"), "auth.failure", "service-api",
                    AuditOutcome.DENIED, "bad signature");
            assertThat(first.sequence()).isEqualTo(1);
            assertThat(first.previousHash()).isEqualTo(AuditChain.GENESIS);
            assertThat(second.previousHash()).isEqualTo(first.hash());
            assertThat(second.source()).isEqualTo("10.0.0.9");
            assertThat(second.time()).isBeforeOrEqualTo(Instant.now());
            assertThat(verify(hub).isIntact()).isTrue();
            assertThat(verify(hub).recordsChecked()).isEqualTo(2);
        }
    }

    @Test
    void continuesTheChainAfterARestart() {
        try (TestHubCore hub = new TestHubCore(dir)) {
            writeRecords(hub, 3);
        }
        try (TestHubCore hub = new TestHubCore(dir)) {
            assertThat(hub.audit.record(OPERATOR, "x", "y", AuditOutcome.SUCCESS, "").sequence()).isEqualTo(4);
            assertThat(verify(hub).isIntact()).isTrue();
        }
    }

    @Test
    void detectsAnEditedRecord() throws Exception {
        assertTampering("UPDATE audit_log SET detail = 'nothing to see' WHERE sequence = 3", 3);
    }

    @Test
    void detectsAnEditedOutcome() throws Exception {
        assertTampering("UPDATE audit_log SET outcome = 'success' WHERE sequence = 4", 4);
    }

    @Test
    void detectsADeletedRecord() throws Exception {
        assertTampering("DELETE FROM audit_log WHERE sequence = 2", 2);
    }

    @Test
    void detectsReorderedRecords() throws Exception {
        assertTampering("UPDATE audit_log SET sequence = -1 WHERE sequence = 2;"
                + "UPDATE audit_log SET sequence = 2 WHERE sequence = 3;"
                + "UPDATE audit_log SET sequence = 3 WHERE sequence = -1", 2);
    }

    @Test
    void detectsRemovalOfTheNewestRecords() throws Exception {
        assertTampering("DELETE FROM audit_log WHERE sequence >= 4", 4);
    }

    @Test
    void toleratesAHeadBehindTheChainButNotOneNamingAnotherRecord() {
        try (TestHubCore hub = new TestHubCore(dir)) {
            writeRecords(hub, 5);
            AuditRecord second = hub.audit.query(new AuditQuery(null, null, null, null, null, null, 1, 1)).get(0);
            hub.head.write(new AuditHead(second.sequence(), second.hash()));
            assertThat(verify(hub).isIntact()).as("a reader that raced the hub's appends").isTrue();
            hub.head.write(new AuditHead(2, "f".repeat(64)));
            assertThat(verify(hub).firstBadSequence()).isEqualTo(2);
        }
    }

    @Test
    void detectsARecomputedPlainHash() throws Exception {
        // Someone without the chain key rewrites a record and re-links it with a hash of their own making.
        assertTampering("UPDATE audit_log SET detail = 'x', hash = previous_hash WHERE sequence = 5", 5);
    }

    private void assertTampering(String sql, long expectedFirstBad) throws Exception {
        try (TestHubCore hub = new TestHubCore(dir)) {
            writeRecords(hub, 5);
        }
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("hub.db"));
             Statement statement = db.createStatement()) {
            for (String part : sql.split(";")) {
                statement.executeUpdate(part);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        assertThat(Files.exists(dir.resolve("audit.head"))).isTrue();
        try (TestHubCore hub = new TestHubCore(dir)) {
            AuditVerification result = verify(hub);
            assertThat(result.isIntact()).isFalse();
            assertThat(result.firstBadSequence()).isEqualTo(expectedFirstBad);
            assertThat(result.problem()).contains(String.valueOf(expectedFirstBad));
        }
    }

    private static void writeRecords(TestHubCore hub, int count) {
        for (int i = 0; i < count; i++) {
            hub.audit.record(OPERATOR, "device.create", "device:d" + i,
                    i % 2 == 0 ? AuditOutcome.SUCCESS : AuditOutcome.FAILURE, "n" + i);
        }
        assertThat(hub.audit.query(AuditQuery.all(100))).hasSize(count);
        List<AuditRecord> failures = hub.audit.query(
                new AuditQuery(null, null, null, AuditOutcome.FAILURE, null, null, 0, 100));
        assertThat(failures).allMatch(r -> r.outcome() == AuditOutcome.FAILURE);
    }

    private static AuditVerification verify(TestHubCore hub) {
        return new AuditVerifier(hub.chain).verify(hub.store.audit(), hub.head.read());
    }
}
