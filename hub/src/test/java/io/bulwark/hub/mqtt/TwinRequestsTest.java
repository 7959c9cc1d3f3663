package io.bulwark.hub.mqtt;

import static io.bulwark.hub.TestHubCore.OPERATOR;
import static org.assertj.core.api.Assertions.assertThat;

import io.bulwark.hub.TestHubCore;
import io.bulwark.hub.registry.DeviceSpec;
import io.bulwark.hub.registry.IdentityId;
import io.bulwark.hub.twin.TwinService;
import io.bulwark.protocol.mqtt.TwinTopics;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A QoS 1 twin request is acknowledged once handled, with its answer: the Azure IoT device SDK for Java dropped a
 * PUBACK that came before it had recorded the publish, and then timed out its reported-properties update.
 */
class TwinRequestsTest {

    private static final IdentityId D1 = IdentityId.device("d1");

    @TempDir
    Path dir;
    private TestHubCore hub;
    private TwinRequests requests;
    private final EmbeddedChannel channel = new EmbeddedChannel(new ChannelInboundHandlerAdapter());
    private final ChannelHandlerContext ctx = channel.pipeline().firstContext();
    private final List<Runnable> io = new ArrayList<>();

    @BeforeEach
    void open() {
        hub = new TestHubCore(dir);
        TwinService twins = new TwinService(hub.store.twins(), hub.registry, hub.audit, Clock.systemUTC());
        hub.registry.create(OPERATOR, DeviceSpec.sasDevice(D1));
        requests = new TwinRequests(twins);
    }

    @AfterEach
    void close() {
        channel.finishAndReleaseAll();
        hub.close();
    }

    @Test
    void theAcknowledgementOfAQos1RequestWaitsUntilItIsHandledAndPrecedesTheAnswer() {
        MqttMessage acknowledgement = MqttMessageBuilders.pubAck().packetId(41).build();

        requests.answerLater(ctx, io::add, D1, patch(3), body("{\"fw\":\"3.1\"}"), acknowledgement);
        channel.runPendingTasks();
        assertThat((Object) channel.readOutbound()).as("nothing before the patch is handled").isNull();

        io.forEach(Runnable::run);
        channel.runPendingTasks();

        MqttMessage first = channel.readOutbound();
        assertThat(first.fixedHeader().messageType()).isEqualTo(MqttMessageType.PUBACK);
        assertThat(((MqttMessageIdVariableHeader) first.variableHeader()).messageId()).isEqualTo(41);
        MqttPublishMessage answer = channel.readOutbound();
        assertThat(answer.variableHeader().topicName()).isEqualTo("$iothub/twin/res/204/?$rid=3&$version=2");
        answer.release();
        assertThat(hub.store.twins().find(D1).orElseThrow().reported().path("fw").asText()).isEqualTo("3.1");
    }

    @Test
    void aQos0RequestGetsOnlyItsAnswer() {
        requests.answerLater(ctx, io::add, D1, patch(4), body("{\"fw\":\"3.2\"}"), null);
        io.forEach(Runnable::run);
        channel.runPendingTasks();

        MqttPublishMessage answer = channel.readOutbound();
        assertThat(answer.variableHeader().topicName()).startsWith("$iothub/twin/res/204/?$rid=4");
        answer.release();
        assertThat((Object) channel.readOutbound()).isNull();
    }

    private static TwinTopics.Request patch(int requestId) {
        return TwinTopics.parseRequest("$iothub/twin/PATCH/properties/reported/?$rid=" + requestId);
    }

    private static byte[] body(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }
}
