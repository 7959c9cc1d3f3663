package io.bulwark.it;

import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttVersion;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * A deliberately small MQTT client over TLS (or WebSocket over TLS) for tests that must send what no well-behaved SDK
 * would: packets are encoded by Netty's codec (or written raw), answers read byte by byte.
 */
final class RawMqttClient implements AutoCloseable {

    /** A packet read back: its type (upper nibble of the first byte) and its body. */
    record Packet(int type, byte[] body) {
        int connectReturnCode() {
            return body[1];
        }
    }

    /**
     * The byte stream MQTT travels on: a TLS socket, or WebSocket frames over TLS ({@link MqttWebSocketCarrier}). Its
     * input signals a timeout with {@link SocketTimeoutException} and the hub's close with end of stream.
     */
    interface Carrier extends AutoCloseable {
        InputStream in() throws IOException;

        OutputStream out() throws IOException;

        void timeout(int millis) throws IOException;

        @Override
        void close() throws IOException;
    }

    private final Carrier carrier;
    private final DataInputStream in;
    private final OutputStream out;

    RawMqttClient(Carrier carrier) throws IOException {
        this.carrier = carrier;
        this.in = new DataInputStream(carrier.in());
        this.out = carrier.out();
    }

    static RawMqttClient open(Path caPem, int port) throws IOException {
        return open(io.bulwark.hub.tls.TrustedHubCa.clientContext(caPem), port);
    }

    /** With a TLS client certificate: the key managers offer it when the hub asks (X.509 identities). */
    static RawMqttClient open(Path caPem, int port, javax.net.ssl.KeyManager[] clientCertificate) throws IOException {
        return open(io.bulwark.hub.x509.TestCertificates.clientContext(caPem, clientCertificate), port);
    }

    /** Over a given TLS context: reusing one lets the JDK resume the previous TLS session. */
    static RawMqttClient open(javax.net.ssl.SSLContext context, int port) throws IOException {
        return open(context, port, new Socket("127.0.0.1", port));
    }

    /**
     * From another loopback address ({@code 127.0.0.2}...), so the hub sees a different source address: tests of
     * per-source rules that must not block the test's own REST client on 127.0.0.1.
     */
    static RawMqttClient openFrom(String localAddress, Path caPem, int port) throws IOException {
        return open(io.bulwark.hub.tls.TrustedHubCa.clientContext(caPem), port,
                new Socket("127.0.0.1", port, java.net.InetAddress.getByName(localAddress), 0));
    }

    private static RawMqttClient open(javax.net.ssl.SSLContext context, int port, Socket plain) throws IOException {
        SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(plain, "127.0.0.1", port, true);
        SSLParameters parameters = tls.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        tls.setSSLParameters(parameters);
        tls.setSoTimeout(10_000);
        tls.startHandshake();
        return new RawMqttClient(new Carrier() {
            @Override
            public InputStream in() throws IOException {
                return tls.getInputStream();
            }

            @Override
            public OutputStream out() throws IOException {
                return tls.getOutputStream();
            }

            @Override
            public void timeout(int millis) throws IOException {
                tls.setSoTimeout(millis);
            }

            @Override
            public void close() throws IOException {
                tls.close();
            }
        });
    }

    /** The same client over MQTT over WebSocket ({@code wss://127.0.0.1:{port}{path}}, sub-protocol {@code mqtt}). */
    static RawMqttClient openWebSocket(Path caPem, int port, String path) throws IOException {
        return new RawMqttClient(MqttWebSocketCarrier.open(caPem, port, path, "mqtt"));
    }

    /** Sends CONNECT and returns the CONNACK return code, or -1 when the hub closed the connection instead. */
    int connect(String clientId, String userName, String password) throws IOException {
        MqttMessageBuilders.ConnectBuilder connect = MqttMessageBuilders.connect()
                .protocolVersion(MqttVersion.MQTT_3_1_1).clientId(clientId).cleanSession(false).keepAlive(60);
        if (userName != null) {
            connect.hasUser(true).username(userName);
        }
        if (password != null) {
            connect.hasPassword(true).password(password.getBytes(StandardCharsets.UTF_8));
        }
        send(connect.build());
        Packet answer = read();
        return answer == null ? -1 : answer.connectReturnCode();
    }

    void publish(String topic, MqttQoS qos, int packetId, String payload) throws IOException {
        send(MqttMessageBuilders.publish().topicName(topic).qos(qos).messageId(packetId)
                .payload(io.netty.buffer.Unpooled.copiedBuffer(payload, StandardCharsets.UTF_8)).build());
    }

    void subscribe(int packetId, String... filters) throws IOException {
        MqttMessageBuilders.SubscribeBuilder subscribe = MqttMessageBuilders.subscribe().messageId(packetId);
        for (String filter : filters) {
            subscribe.addSubscription(MqttQoS.AT_LEAST_ONCE, filter);
        }
        send(subscribe.build());
    }

    void send(MqttMessage message) throws IOException {
        EmbeddedChannel encoder = new EmbeddedChannel(MqttEncoder.INSTANCE);
        encoder.writeOutbound(message);
        ByteBuf encoded = encoder.readOutbound();
        byte[] bytes = new byte[encoded.readableBytes()];
        encoded.readBytes(bytes);
        encoded.release();
        encoder.finishAndReleaseAll();
        writeRaw(bytes);
    }

    void writeRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** The next packet, or null when the hub closed the connection. */
    Packet read() throws IOException {
        try {
            int first = in.read();
            if (first < 0) {
                return null;
            }
            int length = 0;
            int multiplier = 1;
            int digit;
            do {
                digit = in.readUnsignedByte();
                length += (digit & 0x7f) * multiplier;
                multiplier *= 128;
            } while ((digit & 0x80) != 0);
            byte[] body = new byte[length];
            in.readFully(body);
            return new Packet(first >> 4, body);
        } catch (java.io.EOFException | SocketException closed) {
            return null;
        }
    }

    /** True when the hub closes the connection within the socket timeout, whatever it sends first. */
    boolean isClosedByHub() throws IOException {
        try {
            while (true) {
                if (read() == null) {
                    return true;
                }
            }
        } catch (SocketTimeoutException stillOpen) {
            return false;
        }
    }

    void timeout(int millis) throws IOException {
        carrier.timeout(millis);
    }

    @Override
    public void close() throws IOException {
        carrier.close();
    }

    static byte[] bytes(int... values) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int value : values) {
            out.write(value);
        }
        return out.toByteArray();
    }
}
