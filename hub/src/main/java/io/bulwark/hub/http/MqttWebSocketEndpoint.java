package io.bulwark.hub.http;

import io.bulwark.hub.mqtt.MqttTunnel;
import io.bulwark.hub.mqtt.MqttTunnels;
import io.bulwark.hub.mqtt.TunnelTransport;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.Executor;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.StatusCode;
import org.eclipse.jetty.websocket.api.SuspendToken;
import org.eclipse.jetty.websocket.api.WebSocketPartialListener;
import org.eclipse.jetty.websocket.api.WriteCallback;

/**
 * One device's MQTT over WebSocket: binary frames in become bytes for its MQTT session, the session's bytes go out as
 * binary frames. The WebSocket is only a carrier: MQTT packets may span frames or share one, so frames are passed on
 * as they arrive, never reassembled into messages. Text frames are not MQTT and close the connection (1003).
 *
 * <p>Reading pauses (Jetty's suspend) while the session has a {@link ReadWindow} of unconsumed bytes, and resumes on
 * Jetty's executor: a resume may deliver the held frame on the calling thread, which must not be an event loop.
 */
final class MqttWebSocketEndpoint implements WebSocketPartialListener, TunnelTransport {

    static final String PROTOCOL = "mqtt-ws";
    /** How long a closing connection waits for the device's close frame before it is dropped. */
    private static final Duration CLOSE_GRACE = Duration.ofSeconds(5);

    private final MqttTunnels tunnels;
    private final Executor executor;
    private final ReadWindow window;
    private volatile Session session;
    private volatile MqttTunnel tunnel;
    private volatile SuspendToken suspended;

    MqttWebSocketEndpoint(MqttTunnels tunnels, Executor executor, ReadWindow window) {
        this.tunnels = tunnels;
        this.executor = executor;
        this.window = window;
    }

    @Override
    public void onWebSocketConnect(Session session) {
        this.session = session;
        try {
            tunnel = tunnels.open((InetSocketAddress) session.getRemoteAddress(), PROTOCOL, this);
        } catch (RuntimeException unavailable) {
            session.close(StatusCode.SERVER_ERROR, "hub unavailable");
        }
    }

    @Override
    public void onWebSocketPartialBinary(ByteBuffer payload, boolean fin) {
        MqttTunnel open = tunnel;
        int length = payload.remaining();
        if (open == null || length == 0) {
            return;
        }
        open.fromDevice(payload);
        window.taken(length, this::pause);
    }

    @Override
    public void onWebSocketPartialText(String payload, boolean fin) {
        // MQTT over WebSocket is binary only (MQTT 3.1.1, section 6).
        session.close(StatusCode.BAD_DATA, "MQTT travels in binary frames");
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason) {
        closeTunnel();
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        // Jetty closes the WebSocket itself; nothing of the cause (it may quote input) goes to a log.
        closeTunnel();
    }

    @Override
    public void send(ByteBuffer bytes, Runnable done) {
        session.getRemote().sendBytes(bytes, new WriteCallback() {
            @Override
            public void writeSuccess() {
                done.run();
            }

            @Override
            public void writeFailed(Throwable failure) {
                done.run();
            }
        });
    }

    @Override
    public void consumed(int bytes) {
        if (window.consumed(bytes)) {
            executor.execute(this::resume);
        }
    }

    @Override
    public void close() {
        Session open = session;
        if (open != null && open.isOpen()) {
            open.setIdleTimeout(CLOSE_GRACE);
            open.close(StatusCode.NORMAL, null);
        }
    }

    @Override
    public void abort() {
        Session open = session;
        if (open != null) {
            open.disconnect();
        }
    }

    private void pause() {
        try {
            suspended = session.suspend();
        } catch (IllegalStateException closing) {
            // The device's close frame is in: nothing more will be read anyway.
        }
    }

    private void resume() {
        SuspendToken token = suspended;
        try {
            if (token != null) {
                token.resume();
            }
        } catch (IllegalStateException closed) {
            // The WebSocket closed while paused: there is nothing left to read.
        }
    }

    private void closeTunnel() {
        MqttTunnel open = tunnel;
        if (open != null) {
            open.close();
        }
    }
}
