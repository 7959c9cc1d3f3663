package io.bulwark.hub.c2d;

import static io.bulwark.hub.TestHubCore.OPERATOR;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bulwark.hub.HubException;
import io.bulwark.hub.TestHubCore;
import io.bulwark.hub.registry.DeviceSpec;
import io.bulwark.hub.registry.IdentityId;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CloudToDeviceTest {

    private static final IdentityId D1 = IdentityId.device("d1");

    /** A clock the test moves by hand. */
    static final class ManualClock extends Clock {
        Instant now = Instant.parse("2026-11-25T05:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @TempDir
    Path dir;
    TestHubCore hub;
    ManualClock clock = new ManualClock();
    CloudToDevice messages;

    @BeforeEach
    void open() {
        hub = new TestHubCore(dir);
        messages = new CloudToDevice(hub.store.cloudToDevice(), hub.registry, hub.audit, clock,
                new CloudToDevice.C2dLimits(3, Duration.ofHours(1), 2));
        hub.registry.create(OPERATOR, DeviceSpec.sasDevice(D1));
        hub.registry.create(OPERATOR, DeviceSpec.sasDevice(IdentityId.device("d2")));
    }

    @AfterEach
    void close() {
        hub.close();
    }

    @Test
    void deliversOldestFirstAndCompletesWithFeedback() {
        send("a", FeedbackMode.FULL, null);
        send("b", FeedbackMode.NEGATIVE, null);
        List<C2dMessage> next = messages.nextForDelivery(D1, Set.of(), 10);
        assertThat(next).extracting(C2dMessage::messageId).containsExactly("a", "b");
        assertThat(messages.nextForDelivery(D1, Set.of("a"), 10)).extracting(C2dMessage::messageId)
                .containsExactly("b");
        messages.complete(D1, "a");
        messages.complete(D1, "b");
        assertThat(messages.feedback(0, 10)).extracting(FeedbackRecord::originalMessageId, FeedbackRecord::status)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("a", FeedbackStatus.SUCCESS));
        assertThat(messages.depth(D1)).isZero();
    }

    @Test
    void boundsTheQueue() { // S-DOS-3
        send("1", FeedbackMode.NONE, null);
        send("2", FeedbackMode.NONE, null);
        send("3", FeedbackMode.NONE, null);
        assertThatThrownBy(() -> send("4", FeedbackMode.NONE, null))
                .isInstanceOf(HubException.LimitExceeded.class).hasMessageContaining("3 messages");
        assertThatThrownBy(() -> send("3", FeedbackMode.NONE, null)).isInstanceOf(RuntimeException.class);
        assertThatThrownBy(() -> messages.send(OPERATOR, D1, new byte[64 * 1024 + 1], Map.of(), null, null,
                FeedbackMode.NONE)).isInstanceOf(HubException.LimitExceeded.class);
        assertThatThrownBy(() -> send("x", FeedbackMode.NONE, Duration.ofSeconds(10)))
                .isInstanceOf(HubException.Invalid.class);
    }

    @Test
    void expiredMessagesAreDroppedWithFeedback() {
        send("short", FeedbackMode.FULL, Duration.ofMinutes(1));
        send("long", FeedbackMode.FULL, Duration.ofHours(2));
        messages.send(OPERATOR, IdentityId.device("d2"), "x".getBytes(StandardCharsets.UTF_8), Map.of(), "other",
                Duration.ofMinutes(1), FeedbackMode.FULL);
        clock.now = clock.now.plus(Duration.ofMinutes(2));
        assertThat(messages.nextForDelivery(D1, Set.of(), 10)).extracting(C2dMessage::messageId)
                .containsExactly("long");
        assertThat(messages.expireOld()).as("the never-connected device's message").isEqualTo(1);
        assertThat(messages.feedback(0, 10)).extracting(FeedbackRecord::originalMessageId, FeedbackRecord::status)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("short", FeedbackStatus.EXPIRED),
                        org.assertj.core.groups.Tuple.tuple("other", FeedbackStatus.EXPIRED));
    }

    @Test
    void messagesDeliveredTooOftenAreDropped() {
        send("stuck", FeedbackMode.NEGATIVE, null);
        for (int i = 0; i < 2; i++) {
            assertThat(messages.nextForDelivery(D1, Set.of(), 10)).hasSize(1);
            messages.delivered(D1, "stuck");
        }
        assertThat(messages.nextForDelivery(D1, Set.of(), 10)).isEmpty();
        assertThat(messages.feedback(0, 10)).extracting(FeedbackRecord::status)
                .containsExactly(FeedbackStatus.DELIVERY_COUNT_EXCEEDED);
    }

    @Test
    void purgeEmptiesTheQueueAndIsAudited() {
        send("p1", FeedbackMode.FULL, null);
        send("p2", FeedbackMode.NONE, null);
        assertThat(messages.purge(OPERATOR, D1)).isEqualTo(2);
        assertThat(messages.depth(D1)).isZero();
        assertThat(messages.feedback(0, 10)).extracting(FeedbackRecord::status).containsExactly(FeedbackStatus.PURGED);
        assertThat(hub.audit.latest().orElseThrow().action()).isEqualTo("c2d.purge");
    }

    @Test
    void deletingTheDevicePurgesItsQueue() { // S-DATA-3
        send("gone", FeedbackMode.NONE, null);
        hub.registry.delete(OPERATOR, D1, null);
        assertThat(hub.store.cloudToDevice().depth(D1)).isZero();
    }

    @Test
    void eachQueuedMessageIsHandedToTheTransportOnceDurableInQueueOrder() {
        List<C2dMessage> handedOver = new java.util.concurrent.CopyOnWriteArrayList<>();
        messages.notifyThrough(handedOver::add);
        C2dMessage first = messages.send(OPERATOR, D1, "one".getBytes(StandardCharsets.UTF_8), Map.of("k", "v"),
                "one", null, FeedbackMode.FULL);
        C2dMessage second = messages.send(OPERATOR, D1, "two".getBytes(StandardCharsets.UTF_8), Map.of(), "two",
                null, FeedbackMode.NONE);

        assertThat(handedOver).extracting(C2dMessage::messageId).containsExactly("one", "two");
        assertThat(handedOver.get(0).sequence()).isPositive().isEqualTo(first.sequence());
        assertThat(handedOver.get(1).sequence()).isGreaterThan(first.sequence()).isEqualTo(second.sequence());
        assertThat(handedOver.get(0).body()).isEqualTo("one".getBytes(StandardCharsets.UTF_8));
        assertThat(handedOver.get(0).properties()).containsEntry("k", "v");
        // What is handed over is what a fetch from the store returns.
        assertThat(messages.nextForDelivery(D1, Set.of(), 10)).extracting(C2dMessage::messageId,
                C2dMessage::sequence).containsExactly(org.assertj.core.groups.Tuple.tuple("one", first.sequence()),
                org.assertj.core.groups.Tuple.tuple("two", second.sequence()));
    }

    @Test
    void aRefusedSendHandsNothingOverAndAQueueFullIsAudited() { // S-DOS-3
        send("1", FeedbackMode.NONE, null);
        List<C2dMessage> handedOver = new java.util.concurrent.CopyOnWriteArrayList<>();
        messages.notifyThrough(handedOver::add);
        assertThatThrownBy(() -> send("1", FeedbackMode.NONE, null)).isInstanceOf(HubException.Conflict.class);
        assertThatThrownBy(() -> messages.send(OPERATOR, IdentityId.device("nobody"), new byte[1], Map.of(), null,
                null, FeedbackMode.NONE)).isInstanceOf(HubException.NotFound.class);
        assertThat(handedOver).isEmpty();
        send("2", FeedbackMode.NONE, null);
        send("3", FeedbackMode.NONE, null);
        handedOver.clear();

        assertThatThrownBy(() -> send("4", FeedbackMode.NONE, null)).isInstanceOf(HubException.LimitExceeded.class);

        assertThat(handedOver).isEmpty();
        assertThat(messages.nextForDelivery(D1, Set.of(), 10)).extracting(C2dMessage::messageId)
                .containsExactly("1", "2", "3");
        assertThat(hub.audit.latest().orElseThrow()).satisfies(last -> {
            assertThat(last.action()).isEqualTo("c2d.send");
            assertThat(last.outcome()).isEqualTo(io.bulwark.hub.audit.AuditOutcome.FAILURE);
            assertThat(last.detail()).isEqualTo("queue full");
        });
    }

    @Test
    void everyAcceptedSendLeavesItsAuditRecord() { // S-AUD-1
        C2dMessage sent = messages.send(OPERATOR, D1, new byte[] {1}, Map.of(), null, null, FeedbackMode.NONE);
        assertThat(hub.audit.latest().orElseThrow()).satisfies(last -> {
            assertThat(last.action()).isEqualTo("c2d.send");
            assertThat(last.target()).isEqualTo("device:d1");
            assertThat(last.outcome()).isEqualTo(io.bulwark.hub.audit.AuditOutcome.SUCCESS);
            assertThat(last.detail()).isEqualTo("message " + sent.messageId());
        });
    }

    private void send(String id, FeedbackMode mode, Duration ttl) {
        messages.send(OPERATOR, D1, ("body " + id).getBytes(StandardCharsets.UTF_8), Map.of("k", "v"), id, ttl,
                mode);
    }
}
