package io.bulwark.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttQoS;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MqttFramesTest {

    /** What a broker sends a subscriber: CONNACK, SUBACK, a QoS 0 and a QoS 1 PUBLISH, the latter with 300 bytes. */
    private static ByteBuf stream() {
        EmbeddedChannel encoder = new EmbeddedChannel(MqttEncoder.INSTANCE);
        List<MqttMessage> messages = List.of(
                MqttMessageBuilders.connAck().returnCode(MqttConnectReturnCode.CONNECTION_ACCEPTED).build(),
                MqttMessageBuilders.subAck().packetId(1).addGrantedQos(MqttQoS.AT_LEAST_ONCE).build(),
                MqttMessageBuilders.publish().topicName("devices/d-1/messages/events/").qos(MqttQoS.AT_MOST_ONCE)
                        .payload(Unpooled.wrappedBuffer(new byte[] {1, 2, 3})).build(),
                MqttMessageBuilders.publish().topicName("devices/d-2/messages/events/").qos(MqttQoS.AT_LEAST_ONCE)
                        .messageId(4711).payload(Unpooled.wrappedBuffer(new byte[300])).build());
        ByteBuf all = Unpooled.buffer();
        for (MqttMessage message : messages) {
            encoder.writeOutbound(message);
            for (ByteBuf part = encoder.readOutbound(); part != null; part = encoder.readOutbound()) {
                all.writeBytes(part);
                part.release();
            }
        }
        return all;
    }

    private static List<String> walkAll(ByteBuf in) {
        List<String> seen = new ArrayList<>();
        MqttFrames.walk(in, (type, flags, body, start, length) -> seen.add(type + "/" + MqttFrames.qos(flags)
                + (type == MqttFrames.PUBLISH && MqttFrames.qos(flags) == 1
                ? "/" + MqttFrames.publishPacketId(body, start) : "")));
        return seen;
    }

    @Test
    void findsEachPacketsTypeQosAndTheQos1PacketId() {
        ByteBuf in = stream();
        assertThat(walkAll(in)).containsExactly("2/0", "9/0", "3/0", "3/1/4711");
        assertThat(in.isReadable()).isFalse();
    }

    @Test
    void leavesAnIncompletePacketForTheNextBytesWhereverTheyAreCut() {
        ByteBuf whole = stream();
        int length = whole.readableBytes();
        for (int cut = 0; cut <= length; cut++) {
            ByteBuf in = Unpooled.buffer();
            in.writeBytes(whole, 0, cut);
            List<String> seen = new ArrayList<>(walkAll(in));
            in.discardReadBytes();
            in.writeBytes(whole, cut, length - cut);
            seen.addAll(walkAll(in));
            assertThat(seen).as("cut at %d", cut).containsExactly("2/0", "9/0", "3/0", "3/1/4711");
            assertThat(in.isReadable()).isFalse();
        }
    }
}
