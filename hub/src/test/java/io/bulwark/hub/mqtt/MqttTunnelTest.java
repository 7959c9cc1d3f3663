package io.bulwark.hub.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The two ends of a tunnelled MQTT connection, each on an embedded channel with a transport that records calls. */
class MqttTunnelTest {

    private static final int LIMIT = 1_000;

    private final RecordingTransport transport = new RecordingTransport();
    private final MqttTunnel tunnel = new MqttTunnel(new InetSocketAddress("127.0.0.1", 40000), "mqtt-ws", transport,
            LIMIT);

    @Test
    void handsWhatTheSessionWritesToTheTransportInOrder() {
        EmbeddedChannel deviceEnd = new EmbeddedChannel(tunnel.deviceEndHandler());
        deviceEnd.writeInbound(Unpooled.wrappedBuffer(new byte[] {0x20, 0x02, 0x00, 0x00}));
        deviceEnd.writeInbound(Unpooled.wrappedBuffer(new byte[] {(byte) 0xD0, 0x00}));
        assertThat(transport.sent).hasSize(2);
        assertThat(transport.sent.get(0).array()).containsExactly(0x20, 0x02, 0x00, 0x00);
        assertThat(transport.sent.get(1).array()).containsExactly(0xD0, 0x00);
        assertThat(transport.aborted).isFalse();
    }

    @Test
    void cutsOffADeviceThatStopsReadingOnceTheLimitIsWaiting() { // S-DOS-3: no unbounded queue towards a device
        EmbeddedChannel deviceEnd = new EmbeddedChannel(tunnel.deviceEndHandler());
        deviceEnd.writeInbound(Unpooled.wrappedBuffer(new byte[600]));
        assertThat(deviceEnd.isActive()).isTrue();
        deviceEnd.writeInbound(Unpooled.wrappedBuffer(new byte[600]));
        assertThat(transport.aborted).isTrue();
        assertThat(transport.sent).as("the bytes over the limit are not queued").hasSize(1);
        assertThat(deviceEnd.isActive()).isFalse();
    }

    @Test
    void aDeviceThatKeepsReadingMayReceiveWithoutEnd() {
        EmbeddedChannel deviceEnd = new EmbeddedChannel(tunnel.deviceEndHandler());
        for (int i = 0; i < 10; i++) {
            deviceEnd.writeInbound(Unpooled.wrappedBuffer(new byte[600]));
            transport.written.remove(0).run();
        }
        assertThat(transport.sent).hasSize(10);
        assertThat(transport.aborted).isFalse();
        assertThat(deviceEnd.isActive()).isTrue();
    }

    @Test
    void theSessionEndingClosesTheTransport() {
        EmbeddedChannel deviceEnd = new EmbeddedChannel(tunnel.deviceEndHandler());
        deviceEnd.close();
        assertThat(transport.closed).isTrue();
    }

    @Test
    void theSessionEndReturnsCreditForWhatItReadsBeforeTheDecoderTakesIt() {
        EmbeddedChannel sessionEnd = new EmbeddedChannel(tunnel.sessionEndHandler());
        sessionEnd.writeInbound(Unpooled.wrappedBuffer(new byte[300]));
        sessionEnd.writeInbound(Unpooled.wrappedBuffer(new byte[12]));
        assertThat(transport.consumed).containsExactly(300, 12);
        assertThat(sessionEnd.inboundMessages()).hasSize(2);
        sessionEnd.finishAndReleaseAll();
    }

    @Test
    void theDeviceGoingAwayEndsTheSession() {
        EmbeddedChannel deviceEnd = new EmbeddedChannel(tunnel.deviceEndHandler());
        tunnel.attach(deviceEnd);
        tunnel.close();
        assertThat(deviceEnd.isOpen()).isFalse();
    }

    private static final class RecordingTransport implements TunnelTransport {
        final List<ByteBuffer> sent = new ArrayList<>();
        final List<Runnable> written = new ArrayList<>();
        final List<Integer> consumed = new ArrayList<>();
        boolean closed;
        boolean aborted;

        @Override
        public void send(ByteBuffer bytes, Runnable done) {
            sent.add(bytes);
            written.add(done);
        }

        @Override
        public void consumed(int bytes) {
            consumed.add(bytes);
        }

        @Override
        public void close() {
            closed = true;
        }

        @Override
        public void abort() {
            aborted = true;
        }
    }
}
