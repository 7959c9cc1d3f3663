package io.bulwark.device.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bulwark.protocol.mqtt.CloudToDeviceTopics;
import io.bulwark.protocol.mqtt.MethodTopics;
import io.bulwark.protocol.mqtt.TwinTopics;
import io.netty.channel.DefaultEventLoop;
import io.netty.handler.codec.mqtt.MqttQoS;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What a broken or hostile hub may send: each is reported to the error handler, answered where the protocol allows,
 * and the next good message is handled as usual.
 */
class HubSideBadInputTest {

    private final List<DeviceClientError> errors = new ArrayList<>();
    private final RecordingLink link = new RecordingLink();
    private final DefaultEventLoop loop = new DefaultEventLoop();

    @AfterEach
    void stopLoop() {
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }

    @Test
    void malformedCloudToDevicePropertyBagIsReportedAcknowledgedAndTheNextMessageDelivered() {
        List<CloudToDeviceMessage> received = new ArrayList<>();
        CloudToDeviceDispatcher dispatcher = new CloudToDeviceDispatcher("d1", null, Runnable::run, Runnable::run,
                errors::add);
        dispatcher.handler(message -> {
            received.add(message);
            message.complete();
        });
        for (String bad : List.of("devices/d1/messages/devicebound/%24.to=x&a=%ZZ",
                "devices/d1/messages/devicebound/a=1&a=2", "devices/d1/messages/devicebound/" + "a=b&".repeat(100),
                "devices/d2/messages/devicebound/%24.mid=1")) {
            dispatcher.onMessage(link, () -> link, bad, MqttQoS.AT_LEAST_ONCE, 7, new byte[] {1});
        }
        assertThat(errors).hasSize(4).allMatch(e -> e.kind() == DeviceClientError.Kind.MALFORMED_CLOUD_TO_DEVICE);
        assertThat(received).isEmpty();
        assertThat(link.acknowledged).as("dropped, so that the hub does not send it forever").containsOnly(7);

        String good = CloudToDeviceTopics.topic("d1", null, "m-9", "full", Map.of("color", "red"));
        dispatcher.onMessage(link, () -> link, good, MqttQoS.AT_LEAST_ONCE, 8, "on".getBytes(StandardCharsets.UTF_8));
        assertThat(received).singleElement().satisfies(message -> {
            assertThat(message.messageId()).isEqualTo("m-9");
            assertThat(message.properties()).containsExactly(Map.entry("color", "red"));
            assertThat(message.systemProperties()).containsKeys("$.to", "iothub-ack");
        });
        assertThat(link.acknowledged).endsWith(8);
    }

    @Test
    void abandonedOrLateSettledCloudToDeviceMessagesAreNotAcknowledged() {
        List<CloudToDeviceMessage> received = new ArrayList<>();
        RecordingLink[] current = {link};
        CloudToDeviceDispatcher dispatcher = new CloudToDeviceDispatcher("d1", null, Runnable::run, Runnable::run,
                errors::add);
        dispatcher.handler(received::add);
        String topic = CloudToDeviceTopics.topic("d1", null, "m", "none", Map.of());
        dispatcher.onMessage(link, () -> current[0], topic, MqttQoS.AT_LEAST_ONCE, 1, new byte[0]);
        dispatcher.onMessage(link, () -> current[0], topic, MqttQoS.AT_LEAST_ONCE, 2, new byte[0]);
        received.get(0).abandon();
        current[0] = new RecordingLink(); // reconnected: packet ids of the old connection mean nothing now
        received.get(1).complete();
        assertThat(link.acknowledged).isEmpty();
        assertThatThrownBy(() -> received.get(1).reject()).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void handlerThatThrowsHasItsMessageAbandonedAndReported() {
        CloudToDeviceDispatcher dispatcher = new CloudToDeviceDispatcher("d1", null, Runnable::run, Runnable::run,
                errors::add);
        dispatcher.handler(message -> {
            throw new IllegalStateException("boom");
        });
        dispatcher.onMessage(link, () -> link, CloudToDeviceTopics.topic("d1", null, "m", "none", Map.of()),
                MqttQoS.AT_LEAST_ONCE, 3, new byte[0]);
        assertThat(errors).singleElement().extracting(DeviceClientError::kind)
                .isEqualTo(DeviceClientError.Kind.HANDLER_FAILED);
        assertThat(link.acknowledged).isEmpty();
    }

    @Test
    void oversizeMethodPayloadIsAnswered413WithoutCallingTheHandler() {
        List<MethodRequest> calls = new ArrayList<>();
        MethodDispatcher dispatcher = new MethodDispatcher(16, Runnable::run, Runnable::run, errors::add);
        dispatcher.register("echo", request -> {
            calls.add(request);
            return MethodResponse.ok(request.payloadAsString());
        });
        dispatcher.onRequest(link, () -> link, MethodTopics.request("echo", "1"), new byte[17]);
        assertThat(calls).isEmpty();
        assertThat(errors).singleElement().extracting(DeviceClientError::kind)
                .isEqualTo(DeviceClientError.Kind.OVERSIZE_METHOD_PAYLOAD);
        assertThat(link.publishes).singleElement().extracting(RecordingLink.Publish::topic)
                .isEqualTo(MethodTopics.response(413, "1"));

        dispatcher.onRequest(link, () -> link, MethodTopics.request("echo", "2"), "{}".getBytes());
        assertThat(calls).hasSize(1);
        assertThat(link.publishes.get(1).topic()).isEqualTo(MethodTopics.response(200, "2"));
    }

    @Test
    void malformedUnknownAndFailingMethodsAreReportedOrAnsweredAndTheClientGoesOn() {
        MethodDispatcher dispatcher = new MethodDispatcher(1024, Runnable::run, Runnable::run, errors::add);
        dispatcher.register("fail", request -> {
            throw new IllegalStateException("boom");
        });
        dispatcher.onRequest(link, () -> link, "$iothub/methods/POST/no-rid/", new byte[0]);
        dispatcher.onRequest(link, () -> link, "$iothub/methods/POST/a/b/?$rid=1", new byte[0]);
        assertThat(errors).hasSize(2).allMatch(e -> e.kind() == DeviceClientError.Kind.MALFORMED_METHOD_REQUEST);
        assertThat(link.publishes).as("no $rid to answer").isEmpty();

        dispatcher.onRequest(link, () -> link, MethodTopics.request("missing", "5"), new byte[0]);
        dispatcher.onRequest(link, () -> link, MethodTopics.request("fail", "6"), new byte[0]);
        assertThat(link.publishes).extracting(RecordingLink.Publish::topic)
                .containsExactly(MethodTopics.response(404, "5"), MethodTopics.response(500, "6"));
        assertThat(errors).last().extracting(DeviceClientError::kind).isEqualTo(DeviceClientError.Kind.HANDLER_FAILED);
    }

    @Test
    void unknownTwinFieldsAreReportedAndIgnored() throws Exception {
        TwinChannel twin = new TwinChannel(loop, Duration.ofSeconds(10), errors::add);
        loop.submit(() -> twin.linkUp(link)).get();
        CompletableFuture<Twin> read = twin.get();
        String requestId = awaitRequestId();
        answer(twin, TwinTopics.response(200, requestId, null), "{\"desired\":{\"a\":1,\"$version\":3},"
                + "\"reported\":{\"$version\":1},\"tags\":{\"x\":1},\"surprise\":true}");
        Twin result = read.get(5, TimeUnit.SECONDS);
        assertThat(result.desired().path("a").asInt()).isEqualTo(1);
        assertThat(result.desiredVersion()).isEqualTo(3);
        assertThat(errors).extracting(DeviceClientError::kind).containsOnly(DeviceClientError.Kind.UNKNOWN_TWIN_FIELD);
        assertThat(errors).hasSize(2);
    }

    @Test
    void malformedTwinAnswersFailTheRequestAndAreReported() throws Exception {
        TwinChannel twin = new TwinChannel(loop, Duration.ofSeconds(10), errors::add);
        loop.submit(() -> twin.linkUp(link)).get();
        CompletableFuture<Twin> read = twin.get();
        answer(twin, TwinTopics.response(200, awaitRequestId(), null), "[not a twin");
        assertThatThrownBy(() -> read.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);
        answer(twin, "$iothub/twin/res/2x0/?$rid=1", "{}");
        assertThat(errors).extracting(DeviceClientError::kind).containsOnly(DeviceClientError.Kind.MALFORMED_TWIN)
                .hasSize(2);

        CompletableFuture<Long> patched = twin.patchReported(TwinChannel.emptyObject().put("ok", true));
        answer(twin, TwinTopics.response(204, awaitRequestId(), 7L), "");
        assertThat(patched.get(5, TimeUnit.SECONDS)).isEqualTo(7L);
        CompletableFuture<Long> refused = twin.patchReported(TwinChannel.emptyObject().put("big", "x"));
        answer(twin, TwinTopics.response(413, awaitRequestId(), null), "");
        assertThatThrownBy(() -> refused.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(TwinException.class);
    }

    @Test
    void malformedDesiredPatchesAreReportedAndLaterPatchesStillArrive() throws Exception {
        TwinChannel twin = new TwinChannel(loop, Duration.ofSeconds(10), errors::add);
        List<DesiredProperties> updates = new ArrayList<>();
        DesiredSync desired = new DesiredSync(twin, loop, Runnable::run, errors::add);
        desired.handler(updates::add);
        loop.submit(() -> {
            desired.onPatch("$iothub/twin/PATCH/properties/desired/", "{\"a\":1}".getBytes());
            desired.onPatch(TwinTopics.desiredPatch(4), "not json".getBytes());
            desired.onPatch(TwinTopics.desiredPatch(5), "[1,2]".getBytes());
            desired.onPatch(TwinTopics.desiredPatch(6), "{\"a\":6}".getBytes());
            desired.onPatch(TwinTopics.desiredPatch(6), "{\"a\":66}".getBytes()); // stale repeat
        }).get();
        assertThat(errors).hasSize(3).allMatch(e -> e.kind() == DeviceClientError.Kind.MALFORMED_TWIN);
        assertThat(updates).singleElement().satisfies(update -> {
            assertThat(update.version()).isEqualTo(6);
            assertThat(update.properties().path("a").asInt()).isEqualTo(6);
            assertThat(update.fullDocument()).isFalse();
        });
    }

    private String awaitRequestId() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline) {
            List<RecordingLink.Publish> sent = loop.submit(() -> new ArrayList<>(link.publishes)).get();
            if (!sent.isEmpty() && sent.size() > consumed) {
                String topic = sent.get(consumed++).topic();
                return topic.substring(topic.indexOf("$rid=") + 5);
            }
            Thread.sleep(10);
        }
        throw new AssertionError("no twin request was sent");
    }

    private int consumed;

    private void answer(TwinChannel twin, String topic, String body) throws Exception {
        loop.submit(() -> twin.onResponse(topic, body.getBytes(StandardCharsets.UTF_8))).get();
    }
}
