package io.bulwark.device.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.mqtt.MqttQoS;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TelemetrySenderTest {

    @TempDir
    Path folder;

    private final List<DeviceClientError> errors = new ArrayList<>();

    private TelemetrySender sender(int window, int maxQueued, DirectoryOutbox outbox) {
        return new TelemetrySender(Runnable::run, Runnable::run, "d1", null, window, maxQueued, outbox, errors::add);
    }

    @Test
    void keepsAtMostTheWindowInFlightAndCompletesEachAtItsPubAck() {
        TelemetrySender sender = sender(3, 100, null);
        RecordingLink link = new RecordingLink();
        sender.linkUp(link);
        List<CompletableFuture<Void>> sent = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            sent.add(sender.submit(DeviceMessage.builder().messageId("m" + i).build()));
        }
        assertThat(link.publishes).hasSize(3);
        assertThat(link.publishes).allMatch(p -> p.qos() == MqttQoS.AT_LEAST_ONCE && !p.duplicate());
        assertThat(link.publishes.get(0).topic()).isEqualTo("devices/d1/messages/events/%24.mid=m0");
        assertThat(sent).noneMatch(CompletableFuture::isDone);

        assertThat(sender.acknowledged(link.publishes.get(0).packetId())).isTrue();
        assertThat(sent.get(0)).isCompleted();
        assertThat(link.publishes).hasSize(4);
        assertThat(sender.acknowledged(9999)).as("a PUBACK for nothing of ours").isFalse();
    }

    @Test
    void resendsWhatWasInFlightFirstAndMarkedDuplicateOnTheNextConnection() {
        TelemetrySender sender = sender(2, 100, null);
        RecordingLink first = new RecordingLink();
        sender.linkUp(first);
        CompletableFuture<Void> a = sender.submit(DeviceMessage.builder().messageId("a").build());
        CompletableFuture<Void> b = sender.submit(DeviceMessage.builder().messageId("b").build());
        sender.submit(DeviceMessage.builder().messageId("c").build());
        sender.linkDown();

        RecordingLink second = new RecordingLink();
        sender.linkUp(second);
        assertThat(second.publishes).extracting(p -> p.topic().substring(p.topic().lastIndexOf('=') + 1))
                .containsExactly("a", "b");
        assertThat(second.publishes).allMatch(RecordingLink.Publish::duplicate);
        new ArrayList<>(second.publishes).forEach(p -> sender.acknowledged(p.packetId()));
        assertThat(a).isCompleted();
        assertThat(b).isCompleted();
        assertThat(second.publishes).hasSize(3);
        assertThat(second.publishes.get(2).topic()).endsWith("=c");
        assertThat(second.publishes.get(2).duplicate()).as("c was never sent before").isFalse();
    }

    @Test
    void refusesMessagesBeyondTheMemoryBoundWithoutAnOutbox() {
        TelemetrySender sender = sender(1, 2, null);
        sender.submit(DeviceMessage.builder().build());
        sender.submit(DeviceMessage.builder().build());
        CompletableFuture<Void> third = sender.submit(DeviceMessage.builder().build());
        assertThat(third).isCompletedExceptionally();
        assertThat(third.handle((ok, failure) -> failure).join()).isInstanceOf(OutboxFullException.class);
    }

    @Test
    void deletesOutboxedMessagesAtTheirPubAckAndSendsWhatAnEarlierClientLeft() {
        Path dir = folder.resolve("outbox");
        DirectoryOutbox outbox = new DirectoryOutbox(dir, 100, 1 << 20, DirectoryOutbox.OverflowPolicy.REFUSE_NEW);
        TelemetrySender offline = sender(5, 100, outbox);
        offline.submit(DeviceMessage.builder().messageId("left-1").build());
        offline.submit(DeviceMessage.builder().messageId("left-2").build());
        offline.close();
        assertThat(outbox.size()).isEqualTo(2);

        DirectoryOutbox reopened = new DirectoryOutbox(dir, 100, 1 << 20, DirectoryOutbox.OverflowPolicy.REFUSE_NEW);
        TelemetrySender next = sender(5, 100, reopened);
        RecordingLink link = new RecordingLink();
        next.linkUp(link);
        assertThat(link.publishes).extracting(p -> p.topic().substring(p.topic().lastIndexOf('=') + 1))
                .containsExactly("left-1", "left-2");
        new ArrayList<>(link.publishes).forEach(p -> next.acknowledged(p.packetId()));
        assertThat(reopened.size()).isZero();
    }

    @Test
    void closingFailsOpenFuturesAndRefusesNewMessages() {
        TelemetrySender sender = sender(5, 100, null);
        CompletableFuture<Void> pending = sender.submit(DeviceMessage.builder().build());
        sender.close();
        assertThat(pending).isCompletedExceptionally();
        assertThat(sender.submit(DeviceMessage.builder().build())).isCompletedExceptionally();
    }
}
