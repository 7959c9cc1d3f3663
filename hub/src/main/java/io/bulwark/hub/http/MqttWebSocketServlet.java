package io.bulwark.hub.http;

import io.bulwark.hub.HubLimits;
import io.bulwark.hub.mqtt.MqttTunnels;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.Executor;
import org.eclipse.jetty.servlet.ServletContextHandler;
import org.eclipse.jetty.servlet.ServletHolder;
import org.eclipse.jetty.websocket.server.JettyServerUpgradeRequest;
import org.eclipse.jetty.websocket.server.JettyServerUpgradeResponse;
import org.eclipse.jetty.websocket.server.JettyWebSocketServerContainer;
import org.eclipse.jetty.websocket.server.JettyWebSocketServlet;
import org.eclipse.jetty.websocket.server.JettyWebSocketServletFactory;

/**
 * MQTT over WebSocket on the HTTPS port (PROTOCOL.md), at the two paths clients use: {@code /$iothub/websocket} (the
 * Azure IoT device SDKs) and {@code /mqtt} (most other MQTT clients). TLS is Jetty's, with the hub's policy; the MQTT
 * protocol is not implemented here a second time: each WebSocket is tunnelled into the MQTT listener's sessions
 * ({@link MqttTunnels}), so authentication, ACL, limits, deadlines and revocation are the ones devices meet on 8883.
 *
 * <p>A plain Jetty WebSocket servlet rather than Javalin's {@code app.ws}: Javalin echoes the first offered
 * sub-protocol, whatever it is, while MQTT requires the upgrade to agree on exactly {@code mqtt}. An upgrade that does
 * not offer it is refused with 400 before any WebSocket exists. Extensions (permessage-deflate) are never negotiated:
 * compression would let a small frame inflate past the size limits and costs memory per connection.
 */
final class MqttWebSocketServlet extends JettyWebSocketServlet {

    static final List<String> PATHS = List.of("/$iothub/websocket", "/mqtt");
    static final String SUBPROTOCOL = "mqtt";

    private final transient MqttTunnels tunnels;
    private final transient HubLimits limits;

    MqttWebSocketServlet(MqttTunnels tunnels, HubLimits limits) {
        this.tunnels = tunnels;
        this.limits = limits;
    }

    void mountOn(ServletContextHandler context) {
        ServletHolder holder = new ServletHolder(this);
        PATHS.forEach(path -> context.addServlet(holder, path));
    }

    @Override
    protected void configure(JettyWebSocketServletFactory factory) {
        // Jetty reads at most one largest MQTT packet at a time: a larger frame is handed on in pieces of that size
        // (MQTT packets may span frames anyway), and the session's decoder refuses any packet over its limit.
        factory.setMaxFrameSize(limits.mqttMaxPacketBytes());
        factory.setAutoFragment(true);
        factory.setMaxBinaryMessageSize(limits.mqttMaxPacketBytes());
        factory.setMaxTextMessageSize(1024);
        // The MQTT session enforces the CONNECT deadline and the keep-alive (at most 1.5 times the longest granted);
        // the WebSocket's own idle timeout only has to stay out of their way.
        factory.setIdleTimeout(limits.mqttMaxKeepAlive().multipliedBy(2));
        Executor executor = JettyWebSocketServerContainer.getContainer(getServletContext()).getExecutor();
        factory.setCreator((request, response) -> accept(request, response, executor));
    }

    private Object accept(JettyServerUpgradeRequest request, JettyServerUpgradeResponse response, Executor executor) {
        if (!request.getSubProtocols().contains(SUBPROTOCOL)) {
            try {
                response.sendError(HttpServletResponse.SC_BAD_REQUEST, "the WebSocket sub-protocol must be mqtt");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return null;
        }
        response.setAcceptedSubProtocol(SUBPROTOCOL);
        response.setExtensions(List.of());
        return new MqttWebSocketEndpoint(tunnels, executor, new ReadWindow(limits.mqttMaxPacketBytes()));
    }

    /**
     * The upgrade answer (101, or the 400 refusal) is written by Jetty, outside Javalin and its before-handler: the
     * security headers every other HTTPS answer carries are set here first, and Jetty's handshake keeps them.
     */
    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response)
            throws jakarta.servlet.ServletException, IOException {
        SecurityHeaders.apply(response::setHeader);
        super.service(request, response);
    }

    /** A plain request to a WebSocket path: say what is expected instead of Jetty's 405. */
    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setHeader("Upgrade", "websocket");
        response.sendError(426);
    }
}
