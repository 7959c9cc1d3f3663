package io.bulwark.bench;

import io.netty.buffer.ByteBuf;

/**
 * Walks the complete MQTT packets at the start of a buffer without decoding them: type, QoS and, for a QoS 1
 * PUBLISH, its packet id; topics and payloads are skipped, not read. What a subscriber that only counts needs, at a
 * fraction of a decoder's cost. An incomplete packet at the end is left in the buffer for the next bytes.
 */
final class MqttFrames {

    static final int CONNACK = 2;
    static final int PUBLISH = 3;
    static final int SUBACK = 9;

    /** Called once per complete packet; {@code body} is the packet after its fixed header (read-only use). */
    interface Listener {
        void packet(int type, int flags, ByteBuf body, int bodyStart, int bodyLength);
    }

    private MqttFrames() {
    }

    /** Consumes every complete packet of {@code in} (moving its reader index past them); returns how many. */
    static int walk(ByteBuf in, Listener listener) {
        int packets = 0;
        while (in.isReadable(2)) {
            int start = in.readerIndex();
            int first = in.getUnsignedByte(start);
            int length = 0;
            int multiplier = 1;
            int index = start + 1;
            boolean complete = false;
            for (int i = 0; i < 4 && index < in.writerIndex(); i++) {
                int digit = in.getUnsignedByte(index++);
                length += (digit & 0x7F) * multiplier;
                multiplier *= 128;
                if ((digit & 0x80) == 0) {
                    complete = true;
                    break;
                }
                if (i == 3) {
                    throw new IllegalStateException("malformed MQTT remaining length");
                }
            }
            if (!complete || in.writerIndex() - index < length) {
                in.readerIndex(start);
                break;
            }
            listener.packet(first >> 4, first & 0x0F, in, index, length);
            in.readerIndex(index + length);
            packets++;
        }
        return packets;
    }

    /** The packet id of a QoS 1 or 2 PUBLISH whose body starts at {@code bodyStart}: after the topic. */
    static int publishPacketId(ByteBuf body, int bodyStart) {
        int topicLength = body.getUnsignedShort(bodyStart);
        return body.getUnsignedShort(bodyStart + 2 + topicLength);
    }

    static int qos(int flags) {
        return (flags >> 1) & 0x03;
    }
}
